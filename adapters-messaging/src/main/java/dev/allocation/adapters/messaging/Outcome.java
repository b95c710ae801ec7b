package dev.allocation.adapters.messaging;

import java.util.LinkedHashMap;
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

    /**
     * A message that met a fault of the service's own {@code attempts} times: dead-lettered, with the
     * id under which the log holds the fault, as HTTP answers 500 with it.
     */
    public static Outcome internalError(String id, int attempts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Internal error " + id + " in each of " + attempts
                + " attempts; see the log by its id, and re-drive the message once the cause is fixed");
        body.put("id", id);
        return new Outcome(500, body, true);
    }

    /** The reason a refused message is dead-lettered with. */
    public String message() {
        return String.valueOf(body.get("message"));
    }
}
