package dev.allocation.application.messages;

import java.util.regex.Pattern;

/**
 * The rule for a correlation id a client sends (HTTP's {@code X-Request-Id}, a broker message's
 * {@code correlation_id}): 1 to 128 characters of {@code A-Z a-z 0-9 . _ : -}. Anything else is
 * replaced by a new id, so that what is logged and stored stays sensible.
 */
public final class CorrelationIds {

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationIds() {
    }

    /** The id sent, when it keeps the rule; else a new one. */
    public static String accepted(String sent) {
        return sent != null && ACCEPTED.matcher(sent).matches() ? sent : Envelope.newId();
    }
}
