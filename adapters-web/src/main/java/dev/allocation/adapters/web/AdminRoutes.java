package dev.allocation.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.application.port.in.DeliveryAdmin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/...}: the stored deliveries, and a dead one retried. Every request needs
 * {@code Authorization: Bearer <token>}; the token is compared in constant time (both sides hashed
 * first, so that not even its length shows).
 */
final class AdminRoutes {

    private static final int LIST_LIMIT = 1_000;

    private final byte[] tokenDigest;
    private final DeliveryAdmin deliveries;
    private final ObjectMapper mapper;

    AdminRoutes(AdminAccess access, ObjectMapper mapper) {
        this.tokenDigest = sha256(access.token());
        this.deliveries = access.deliveries();
        this.mapper = mapper;
    }

    /** Runs before every admin route. */
    void authorize(Context ctx) {
        String header = ctx.header("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(tokenDigest, sha256(given))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ErrorMapping.HttpError(HttpStatus.UNAUTHORIZED,
                    "The admin routes need the header Authorization: Bearer <the service's ADMIN_TOKEN>");
        }
    }

    void list(Context ctx) {
        String state = ctx.queryParam("state");
        DeliveryAdmin.State wanted;
        try {
            wanted = DeliveryAdmin.State.valueOf(state == null ? "" : state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST, "Query parameter 'state' must be pending or dead");
        }
        List<Map<String, Object>> body = deliveries.deliveries(wanted, LIST_LIMIT).stream()
                .map(entry -> json(entry, wanted == DeliveryAdmin.State.DEAD)).toList();
        ctx.json(body);
    }

    void retry(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            deliveries.retry(id);
        } catch (DeliveryAdmin.UnknownDelivery e) {
            throw new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (DeliveryAdmin.DeliveryNotDead e) {
            throw new ErrorMapping.HttpError(HttpStatus.CONFLICT, e.getMessage());
        }
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("message", "Delivery " + id + " will be tried again at once"));
    }

    /** @param dead a dead delivery has no next attempt until it is retried */
    private Map<String, Object> json(DeliveryAdmin.Entry entry, boolean dead) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", entry.eventType());
        try {
            event.put("fields", contractNames(mapper.readTree(entry.event())));
        } catch (JsonProcessingException e) {
            event.put("fields", entry.event()); // as stored, if it ever is not JSON
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", entry.id());
        body.put("event", event);
        body.put("handler", entry.handler());
        body.put("attempts", entry.attempts());
        body.put("last_error", entry.lastError());
        body.put("next_attempt_at", dead ? null : entry.nextAttemptAt().toString());
        body.put("correlation_id", entry.correlationId());
        return body;
    }

    /**
     * Events are stored with their record's component names ({@code orderId}, {@code batchRef}); the
     * API's bodies spell them in lower case ({@code orderid}, {@code batchref}), as cosmicpython does.
     */
    private static Object contractNames(JsonNode stored) {
        if (!stored.isObject()) {
            return stored;
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        stored.fields().forEachRemaining(field -> fields.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue()));
        return fields;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
