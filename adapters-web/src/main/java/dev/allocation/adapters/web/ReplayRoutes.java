package dev.allocation.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.application.port.in.EventReplays;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/replay}: recorded events sent again to a destination, as a job with a status, that
 * can be cancelled. Behind the admin token, as every {@code /admin} route ({@link AdminRoutes#authorize}).
 */
final class ReplayRoutes {

    static final int DEFAULT_PER_SECOND = 500;
    static final int MAX_PER_SECOND = 10_000;

    private final EventReplays replays;
    private final ObjectMapper mapper;

    ReplayRoutes(EventReplays replays, ObjectMapper mapper) {
        this.replays = replays;
        this.mapper = mapper;
    }

    void start(Context ctx) {
        JsonNode body = body(ctx);
        String destination = text(body, "destination");
        Instant from = time(body, "from");
        Instant to = time(body, "to");
        if (!from.isBefore(to)) {
            throw Parameters.bad("Field 'from' must be before field 'to'");
        }
        Optional<String> sku = body.hasNonNull("sku") ? Optional.of(text(body, "sku")) : Optional.empty();
        int perSecond = DEFAULT_PER_SECOND;
        if (body.hasNonNull("per_second")) {
            JsonNode rate = body.get("per_second");
            if (!rate.canConvertToInt() || !rate.isIntegralNumber() || rate.intValue() < 1 || rate.intValue() > MAX_PER_SECOND) {
                throw Parameters.bad("Field 'per_second' must be a whole number from 1 to " + MAX_PER_SECOND);
            }
            perSecond = rate.intValue();
        }
        EventReplays.Status started;
        try {
            started = replays.start(new EventReplays.Request(destination, from, to, sku, perSecond));
        } catch (EventReplays.UnknownDestination e) {
            throw Parameters.bad(e.getMessage());
        }
        ctx.status(HttpStatus.ACCEPTED).header("Location", "/admin/replay/" + started.id()).json(json(started));
    }

    void status(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(json(replays.status(id).orElseThrow(() -> unknown(id))));
    }

    void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.status(HttpStatus.ACCEPTED).json(json(replays.cancel(id).orElseThrow(() -> unknown(id))));
    }

    private static ErrorMapping.HttpError unknown(String id) {
        return new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, "No replay " + id + " in this process (a restart forgets them)");
    }

    private static Map<String, Object> json(EventReplays.Status status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", status.id());
        body.put("destination", status.request().destination());
        body.put("from", status.request().from().toString());
        body.put("to", status.request().to().toString());
        body.put("sku", status.request().sku().orElse(null));
        body.put("per_second", status.request().perSecond());
        body.put("state", status.state().name().toLowerCase(Locale.ROOT));
        body.put("sent", status.sent());
        body.put("last_recorded_at", status.lastRecordedAt().map(Instant::toString).orElse(null));
        body.put("error", status.error().orElse(null));
        return body;
    }

    private JsonNode body(Context ctx) {
        return Parameters.object(ctx, mapper,
                "The request body must be a JSON object: {\"destination\": \"rabbitmq\", \"from\": ..., \"to\": ...}");
    }

    private static String text(JsonNode body, String field) {
        return Parameters.field(body, field).orElseThrow(() -> Parameters.bad("Field '" + field + "' must be a non-empty string"));
    }

    private static Instant time(JsonNode body, String field) {
        return Parameters.time("Field '" + field + "'", text(body, field));
    }
}
