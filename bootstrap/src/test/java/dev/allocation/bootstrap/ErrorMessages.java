package dev.allocation.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

/** What every error message must be: a sentence for people. */
final class ErrorMessages {

    private ErrorMessages() {
    }

    /** No Java class, setting or stack frame of ours or of a library (java.sql.X, JsonReadFeature.Y, `...`). */
    static void assertNamesNoJavaClass(String message, String context) {
        assertThat(message).as(context)
                .isNotBlank()
                .doesNotContainPattern("([a-z][a-z0-9_]*\\.){2,}[A-Za-z]")
                .doesNotContainPattern("[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\\.[A-Za-z]")
                .doesNotContainPattern("Exception|`|\tat ");
    }
}
