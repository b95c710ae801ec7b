package dev.allocation.adapters.messaging;

import java.util.Map;

/**
 * What came of a command message, as the matching HTTP route would answer it: the status and the
 * JSON body. A refused message is one that can never succeed: it goes to the dead letters.
 */
public record Outcome(int status, Map<String, Object> body, boolean refused) {

    static Outcome done(int status, Map<String, Object> body) {
        return new Outcome(status, body, false);
    }

    static Outcome refused(int status, String message) {
        return new Outcome(status, Map.of("message", message), true);
    }

    /** The reason a refused message is dead-lettered with. */
    public String message() {
        return String.valueOf(body.get("message"));
    }
}
