package dev.allocation.adapters.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.port.AllocationsView;
import dev.allocation.application.port.HealthCheck;
import dev.allocation.domain.events.AllocationRequired;
import dev.allocation.domain.events.BatchCreated;
import dev.allocation.domain.events.BatchQuantityChanged;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API of the service: each request becomes an event for the message bus, or a question for
 * the read side, and the answer becomes JSON. Failures are turned into statuses by {@link ErrorMapping}.
 */
final class AllocationRoutes {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * How much of a too-large body is read and thrown away before the 413 goes out. A client still
     * sending when the server closes the connection sees a reset instead of the answer.
     */
    private static final long MAX_DISCARDED_BYTES = 1024 * 1024;

    private final MessageBus bus;
    private final AllocationsView allocations;
    private final HealthCheck health;
    private final ObjectMapper mapper;

    AllocationRoutes(MessageBus bus, AllocationsView allocations, HealthCheck health, ObjectMapper mapper) {
        this.bus = bus;
        this.allocations = allocations;
        this.health = health;
        this.mapper = mapper;
    }

    void addBatch(Context ctx) {
        JsonBody body = body(ctx);
        BatchCreated event = new BatchCreated(body.requiredString("ref"), body.requiredString("sku"),
                body.requiredQuantity("qty", 1), body.optionalDate("eta"));
        bus.handle(event);
        ctx.status(HttpStatus.CREATED).json(Map.of("ref", event.ref()));
    }

    void allocate(Context ctx) {
        JsonBody body = body(ctx);
        AllocationRequired event = new AllocationRequired(body.requiredString("orderid"), body.requiredString("sku"),
                body.requiredQuantity("qty", 1));
        Optional<?> batchRef = only(bus.handle(event), Optional.class);
        if (batchRef.isEmpty()) {
            throw new ErrorMapping.Refusal(HttpStatus.CONFLICT, "Out of stock for " + event.sku());
        }
        ctx.status(HttpStatus.CREATED).json(Map.of("batchref", batchRef.get()));
    }

    void changeBatchQuantity(Context ctx) {
        JsonBody body = body(ctx);
        BatchQuantityChanged event = new BatchQuantityChanged(body.requiredString("ref"), body.requiredQuantity("qty", 0));
        bus.handle(event);
        ctx.status(HttpStatus.OK).json(new QuantityBody(event.ref(), event.qty()));
    }

    /** Response bodies; records keep their fields in this order. */
    record AllocationBody(String sku, String batchref) {
    }

    record QuantityBody(String ref, int qty) {
    }

    void allocationsOfOrder(Context ctx) {
        String orderId = JsonBody.checkedString("orderid", ctx.pathParam("orderid"));
        List<AllocationsView.Allocation> found = allocations.allocationsFor(orderId);
        if (found.isEmpty()) {
            throw new ErrorMapping.Refusal(HttpStatus.NOT_FOUND, "No allocations for order " + orderId);
        }
        ctx.json(found.stream().map(a -> new AllocationBody(a.sku(), a.batchRef())).toList());
    }

    void health(Context ctx) {
        Optional<String> problem = health.problem();
        if (problem.isEmpty()) {
            ctx.json(Map.of("status", "UP"));
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .json(Map.of("status", "DOWN", "message", "The database does not answer: " + problem.get()));
        }
    }

    /** Checks the content type and size, then parses; nothing reaches the bus before this passes. */
    private JsonBody body(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType != null && !isJson(contentType)) {
            throw new ErrorMapping.Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, was " + contentType);
        }
        return JsonBody.parse(readAtMost(ctx, MAX_BODY_BYTES), mapper);
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /**
     * Reads the body, refusing it once it passes the limit; checked while reading, because a chunked
     * body has no length to check first.
     */
    private static byte[] readAtMost(Context ctx, int limit) {
        try (InputStream in = ctx.req().getInputStream()) {
            if (ctx.req().getContentLengthLong() > limit) {
                discard(in);
                throw tooLarge();
            }
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                discard(in);
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new BadRequest("The request body could not be read");
        }
    }

    private static void discard(InputStream in) throws IOException {
        long discarded = 0;
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n > 0 && discarded < MAX_DISCARDED_BYTES; n = in.read(buffer)) {
            discarded += n;
        }
    }

    private static ErrorMapping.Refusal tooLarge() {
        return new ErrorMapping.Refusal(HttpStatus.CONTENT_TOO_LARGE, "The request body must be at most " + MAX_BODY_BYTES + " bytes");
    }

    private static <T> T only(List<Object> results, Class<T> type) {
        if (results.size() != 1 || !type.isInstance(results.get(0))) {
            throw new IllegalStateException("expected one " + type.getSimpleName() + " from the bus, got " + results);
        }
        return type.cast(results.get(0));
    }
}
