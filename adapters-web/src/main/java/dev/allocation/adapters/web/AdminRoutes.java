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
import java.util.Set;

/**
 * {@code /admin/...}: the stored deliveries by state and filter, their attempts, and dead ones retried or
 * discarded, one or every one a filter matches. Every request needs
 * {@code Authorization: Bearer <token>}; the token is compared in constant time (both sides hashed
 * first, so that not even its length shows).
 */
final class AdminRoutes {

    private static final int LIST_LIMIT = 1_000;
    /** A bulk change's filter; a discard's adds its reason. */
    private static final Set<String> FILTER_FIELDS = Set.of("handler", "sku", "error", "recorded_before");
    private static final Set<String> DISCARD_FIELDS = Set.of("reason", "handler", "sku", "error", "recorded_before");

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
        DeliveryAdmin.State wanted = state(ctx.queryParam("state"));
        DeliveryAdmin.Filter filter = new DeliveryAdmin.Filter(wanted, Parameters.text(ctx, "handler"), Parameters.text(ctx, "sku"),
                Parameters.text(ctx, "error"), Parameters.optionalTime("Query parameter 'recorded_before'", ctx.queryParam("recorded_before")));
        int limit = Parameters.limit(ctx.queryParam("limit"), LIST_LIMIT, LIST_LIMIT);
        List<DeliveryAdmin.Entry> page;
        try {
            page = deliveries.deliveries(filter, Parameters.text(ctx, "after"), limit);
        } catch (DeliveryAdmin.UnknownDelivery e) {
            throw Parameters.bad("Query parameter 'after' names no delivery (done meanwhile, or never was): start again from the first page");
        }
        List<Map<String, Object>> body = page.stream().map(entry -> json(entry, wanted != DeliveryAdmin.State.PENDING)).toList();
        ctx.json(body);
    }

    void attempts(Context ctx) {
        String id = Parameters.path(ctx, "id");
        List<DeliveryAdmin.Attempt> attempts;
        try {
            attempts = deliveries.attempts(id);
        } catch (DeliveryAdmin.UnknownDelivery e) {
            throw new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, e.getMessage());
        }
        ctx.json(attempts.stream().map(attempt -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", attempt.error());
            body.put("failed_at", attempt.failedAt().toString());
            return body;
        }).toList());
    }

    void retry(Context ctx) {
        String id = Parameters.path(ctx, "id");
        Parameters.changeBody(ctx, mapper, Set.of());
        one(() -> deliveries.retry(id));
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("message", "Delivery " + id + " will be tried again at once"));
    }

    void discard(Context ctx) {
        String id = Parameters.path(ctx, "id");
        String reason = Parameters.reason(Parameters.changeBody(ctx, mapper, Set.of("reason")));
        one(() -> deliveries.discard(id, reason));
        ctx.json(Map.of("message", "Delivery " + id + " is discarded: it will not be tried again"));
    }

    /** Every dead delivery the body's filter matches, tried again. */
    void retryAll(Context ctx) {
        long retried = deliveries.retryAll(filter(Parameters.changeBody(ctx, mapper, FILTER_FIELDS)));
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("retried", retried));
    }

    /** Every dead delivery the body's filter matches, discarded with its reason. */
    void discardAll(Context ctx) {
        JsonNode body = Parameters.changeBody(ctx, mapper, DISCARD_FIELDS);
        String reason = Parameters.reason(body);
        ctx.json(Map.of("discarded", deliveries.discardAll(filter(body), reason)));
    }

    private static void one(Runnable change) {
        try {
            change.run();
        } catch (DeliveryAdmin.UnknownDelivery e) {
            throw new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (DeliveryAdmin.DeliveryNotDead e) {
            throw new ErrorMapping.HttpError(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static DeliveryAdmin.State state(String state) {
        try {
            return DeliveryAdmin.State.valueOf(state == null ? "" : state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Parameters.bad("Query parameter 'state' must be pending, dead or discarded");
        }
    }

    /** A bulk change's filter: the dead deliveries of the handler, SKU, error text and age given. */
    private static DeliveryAdmin.Filter filter(JsonNode body) {
        return new DeliveryAdmin.Filter(DeliveryAdmin.State.DEAD, Parameters.field(body, "handler"), Parameters.field(body, "sku"), Parameters.field(body, "error"),
                Parameters.optionalTime("Field 'recorded_before'", Parameters.field(body, "recorded_before").orElse(null)));
    }

    /** @param dead a dead or discarded delivery has no next attempt */
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
        body.put("sku", entry.sku());
        body.put("attempts", entry.attempts());
        body.put("last_error", entry.lastError());
        body.put("recorded_at", entry.recordedAt().toString());
        body.put("next_attempt_at", dead ? null : entry.nextAttemptAt().toString());
        body.put("correlation_id", entry.correlationId());
        body.put("discard_reason", entry.discardReason());
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
