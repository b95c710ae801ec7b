package dev.allocation.adapters.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.in.HealthCheck;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.commands.Fields;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API of the service: each request becomes a command for the bus, or a question for the read
 * side, and the answer becomes JSON. The commands check their own fields; failures are turned into
 * statuses by {@link ErrorMapping}.
 */
final class AllocationRoutes {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * How much of a too-large body is read and thrown away before the 413 goes out. A client still
     * sending when the server closes the connection sees a reset instead of the answer.
     */
    private static final long MAX_DISCARDED_BYTES = 1024 * 1024;

    private final CommandBus bus;
    private final AllocationsView allocations;
    private final HealthCheck health;
    private final ObjectMapper mapper;

    AllocationRoutes(CommandBus bus, AllocationsView allocations, HealthCheck health, ObjectMapper mapper) {
        this.bus = bus;
        this.allocations = allocations;
        this.health = health;
        this.mapper = mapper;
    }

    void addBatch(Context ctx) {
        JsonBody body = body(ctx);
        CreateBatch command = new CreateBatch(body.string("ref"), body.string("sku"), body.quantity("qty"), body.optionalDate("eta"));
        String ref = bus.handle(command, RequestIds.of(ctx));
        ctx.status(HttpStatus.CREATED).json(Map.of("ref", ref));
    }

    void allocate(Context ctx) {
        JsonBody body = body(ctx);
        Allocate command = new Allocate(body.string("orderid"), body.string("sku"), body.quantity("qty"));
        Optional<String> batchRef = bus.handle(command, RequestIds.of(ctx));
        if (batchRef.isEmpty()) {
            throw new ErrorMapping.Refusal(HttpStatus.CONFLICT, "Out of stock for " + command.sku());
        }
        ctx.status(HttpStatus.CREATED).json(Map.of("batchref", batchRef.get()));
    }

    void changeBatchQuantity(Context ctx) {
        JsonBody body = body(ctx);
        ChangeBatchQuantity command = new ChangeBatchQuantity(body.string("ref"), body.quantity("qty"));
        int qty = bus.handle(command, RequestIds.of(ctx));
        ctx.status(HttpStatus.OK).json(new QuantityBody(command.ref(), qty));
    }

    /** Response bodies; records keep their fields in this order. */
    record AllocationBody(String sku, String batchref) {
    }

    record QuantityBody(String ref, int qty) {
    }

    void allocationsOfOrder(Context ctx) {
        String orderId = Fields.text("orderid", ctx.pathParam("orderid"));
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
                throw ErrorMapping.tooLarge();
            }
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                discard(in);
                throw ErrorMapping.tooLarge();
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
}
