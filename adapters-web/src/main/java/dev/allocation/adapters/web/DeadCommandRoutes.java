package dev.allocation.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.application.port.in.DeadCommandAdmin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /admin/commands...}: the command messages the broker dead-lettered, listed by state and
 * filter, re-driven or discarded, one or every one a filter matches; as {@link AdminRoutes} does for
 * deliveries, behind the same token. RabbitMQ away is {@link ErrorMapping}'s 503.
 */
final class DeadCommandRoutes {

    private static final int LIST_LIMIT = 1_000;
    /** A bulk change's filter; a discard's adds its reason. */
    private static final Set<String> FILTER_FIELDS = Set.of("kind", "error", "dead_before");
    private static final Set<String> DISCARD_FIELDS = Set.of("reason", "kind", "error", "dead_before");

    private final DeadCommandAdmin commands;
    private final ObjectMapper mapper;

    DeadCommandRoutes(DeadCommandAdmin commands, ObjectMapper mapper) {
        this.commands = commands;
        this.mapper = mapper;
    }

    void list(Context ctx) {
        DeadCommandAdmin.Filter filter = new DeadCommandAdmin.Filter(state(ctx.queryParam("state")), Parameters.text(ctx, "kind"),
                Parameters.text(ctx, "error"), Parameters.optionalTime("Query parameter 'dead_before'", ctx.queryParam("dead_before")));
        int limit = Parameters.limit(ctx.queryParam("limit"), LIST_LIMIT, LIST_LIMIT);
        List<DeadCommandAdmin.Entry> page;
        try {
            page = commands.list(filter, Parameters.text(ctx, "after"), limit);
        } catch (DeadCommandAdmin.UnknownDeadCommand e) {
            throw Parameters.bad("Query parameter 'after' names no message of this list (re-driven or discarded meanwhile): start again from the first page");
        }
        ctx.json(page.stream().map(this::json).toList());
    }

    void retry(Context ctx) {
        String id = Parameters.path(ctx, "id");
        Parameters.changeBody(ctx, mapper, Set.of());
        one(() -> commands.retry(id));
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("message", "Message " + id + " is sent to the commands again"));
    }

    void retryAll(Context ctx) {
        DeadCommandAdmin.Filter filter = filter(Parameters.changeBody(ctx, mapper, FILTER_FIELDS));
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("retried", commands.retryAll(filter)));
    }

    void discard(Context ctx) {
        String id = Parameters.path(ctx, "id");
        String reason = Parameters.reason(Parameters.changeBody(ctx, mapper, Set.of("reason")));
        one(() -> commands.discard(id, reason));
        ctx.json(Map.of("message", "Message " + id + " is discarded: it will not be sent again"));
    }

    void discardAll(Context ctx) {
        JsonNode body = Parameters.changeBody(ctx, mapper, DISCARD_FIELDS);
        String reason = Parameters.reason(body);
        DeadCommandAdmin.Filter filter = filter(body);
        ctx.json(Map.of("discarded", commands.discardAll(filter, reason)));
    }

    private static void one(Runnable change) {
        try {
            change.run();
        } catch (DeadCommandAdmin.UnknownDeadCommand e) {
            throw new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (DeadCommandAdmin.DeadCommandDiscarded | DeadCommandAdmin.NotRedrivable e) {
            throw new ErrorMapping.HttpError(HttpStatus.CONFLICT, e.getMessage());
        }
    }


    private static DeadCommandAdmin.State state(String state) {
        if (state == null) {
            return DeadCommandAdmin.State.DEAD;
        }
        try {
            return DeadCommandAdmin.State.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Parameters.bad("Query parameter 'state' must be dead or discarded");
        }
    }

    /** A bulk change's filter: the dead messages of the kind, error text and age given. */
    private static DeadCommandAdmin.Filter filter(JsonNode body) {
        return new DeadCommandAdmin.Filter(DeadCommandAdmin.State.DEAD, Parameters.field(body, "kind"), Parameters.field(body, "error"),
                Parameters.optionalTime("Field 'dead_before'", Parameters.field(body, "dead_before").orElse(null)));
    }

    private Map<String, Object> json(DeadCommandAdmin.Entry entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", entry.id());
        body.put("message_id", entry.messageId());
        body.put("kind", entry.kind());
        body.put("body", entry.body());
        body.put("error", entry.error());
        body.put("dead_at", entry.deadAt() == null ? null : entry.deadAt().toString());
        body.put("correlation_id", entry.correlationId());
        body.put("discard_reason", entry.discardReason());
        return body;
    }
}
