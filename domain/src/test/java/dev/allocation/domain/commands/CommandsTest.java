package dev.allocation.domain.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandsTest {

    @Test
    void aValidCommandKeepsWhatWasSent() {
        assertThat(new Allocate("o-1", "RED-CHAIR", 3)).isEqualTo(new Allocate("o-1", "RED-CHAIR", 3));
        assertThat(new CreateBatch("b\u00e9\uD83D\uDE00", "S", 1, null).ref()).isEqualTo("b\u00e9\uD83D\uDE00");
        assertThat(new ChangeBatchQuantity("b1", 0).qty()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "tab\there", "del\u007f", "line\nbreak"})
    void refusesControlCharactersNamingTheField(String ref) {
        assertThatThrownBy(() -> new CreateBatch(ref, "S", 1, null))
                .isInstanceOfSatisfying(InvalidCommand.class, e -> assertThat(e.field()).isEqualTo("ref"))
                .hasMessage("Field 'ref' must not contain control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800x", "x\uDC00", "end\uD83D"})
    void refusesLoneSurrogates(String orderId) {
        assertThatThrownBy(() -> new Allocate(orderId, "S", 1))
                .isInstanceOf(InvalidCommand.class)
                .hasMessageStartingWith("Field 'orderid' must be valid Unicode text");
    }

    @Test
    void refusesMissingBlankAndLongText() {
        assertThatThrownBy(() -> new Allocate("o", null, 1)).hasMessage("Field 'sku' is required");
        assertThatThrownBy(() -> new Allocate("o", "  ", 1)).hasMessage("Field 'sku' must not be blank");
        assertThatThrownBy(() -> new Allocate("o", "x".repeat(256), 1)).hasMessage("Field 'sku' must be at most 255 characters");
        assertThat(new Allocate("o", "x".repeat(255), 1).sku()).hasSize(255);
    }

    @Test
    void quantitiesHaveTheirRanges() {
        assertThatThrownBy(() -> new Allocate("o", "S", 0)).hasMessage("Field 'qty' must be between 1 and 1000000000");
        assertThatThrownBy(() -> new CreateBatch("b", "S", 1_000_000_001, null)).isInstanceOf(InvalidCommand.class);
        assertThatThrownBy(() -> new ChangeBatchQuantity("b", -1)).hasMessage("Field 'qty' must be between 0 and 1000000000");
        assertThat(Fields.quantity("qty", 1_000_000_000L, 1)).isEqualTo(1_000_000_000);
        assertThatThrownBy(() -> Fields.quantity("qty", Long.MAX_VALUE, 1)).isInstanceOf(InvalidCommand.class);
    }
}
