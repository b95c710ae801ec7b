package dev.allocation.adapters.web;

import dev.allocation.adapters.json.JsonCommandBodies;
import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.in.ComponentHealth;
import dev.allocation.application.port.in.HealthCheck;
import dev.allocation.application.port.in.OrdersView;
import dev.allocation.application.port.in.ProductsView;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.commands.Deallocate;
import dev.allocation.domain.commands.Fields;
import dev.allocation.domain.commands.MessageFields;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.model.AllocationOutcome;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API of the service: each request becomes a command for the bus, or a question for the read
 * side, and the answer becomes JSON. The commands check their own fields ({@link MessageFields});
 * failures are turned into statuses by {@link ErrorMapping}.
 */
final class AllocationRoutes {

    private final CommandBus bus;
    private final Views views;
    private final HealthCheck health;
    private final List<ComponentHealth> components;
    private final JsonCommandBodies bodies = new JsonCommandBodies("request body");

    AllocationRoutes(CommandBus bus, Views views, HealthCheck health, List<ComponentHealth> components) {
        this.bus = bus;
        this.views = views;
        this.health = health;
        this.components = List.copyOf(components);
    }

    void addBatch(Context ctx) {
        CreateBatch command = body(ctx).createBatch();
        String ref = bus.handle(command, RequestIds.of(ctx));
        ctx.status(HttpStatus.CREATED).json(Map.of("ref", ref));
    }

    void allocate(Context ctx) {
        Allocate command = body(ctx).allocate();
        AllocationOutcome outcome = bus.handle(command, RequestIds.of(ctx));
        if (outcome instanceof AllocationOutcome.InBatch in) {
            ctx.status(HttpStatus.CREATED).json(Map.of("batchref", in.batchRef()));
        } else if (outcome instanceof AllocationOutcome.Waiting) {
            ctx.status(HttpStatus.ACCEPTED).json(Map.of("status", "backordered"));
        } else {
            throw new ErrorMapping.HttpError(HttpStatus.CONFLICT, "Out of stock for " + command.sku());
        }
    }

    void deallocate(Context ctx) {
        Deallocate command = body(ctx).deallocate();
        LineReleased released = bus.handle(command, RequestIds.of(ctx));
        ctx.status(HttpStatus.OK).json(new ReleasedBody(released.orderId(), released.sku(), released.qty(), released.batchRef()));
    }

    void changeBatchQuantity(Context ctx) {
        ChangeBatchQuantity command = body(ctx).changeBatchQuantity();
        int qty = bus.handle(command, RequestIds.of(ctx));
        ctx.status(HttpStatus.OK).json(new QuantityBody(command.ref(), qty));
    }

    /** Response bodies; records keep their fields in this order. */
    record AllocationBody(String sku, String batchref) {
    }

    record QuantityBody(String ref, int qty) {
    }

    record ReleasedBody(String orderid, String sku, int qty, String batchref) {
    }

    record OrderBody(String orderid, List<OrderLineBody> lines) {
    }

    record OrderLineBody(String sku, int qty, String status, String batchref) {
    }

    record ProductBody(String sku, List<BatchBody> batches, long available, WaitingBody backordered) {
    }

    record BatchBody(String ref, LocalDate eta, int purchased, int allocated, int available) {
    }

    record WaitingBody(int lines, long qty) {
    }

    void allocationsOfOrder(Context ctx) {
        String orderId = Fields.text("orderid", ctx.pathParam("orderid"));
        List<AllocationsView.Allocation> found = views.allocations().allocationsFor(orderId);
        if (found.isEmpty()) {
            throw new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, "No allocations for order " + orderId);
        }
        ctx.json(found.stream().map(a -> new AllocationBody(a.sku(), a.batchRef())).toList());
    }

    /** Every line of the order, allocated or waiting; {@code /allocations} lists the allocated ones only, as the book's view does. */
    void order(Context ctx) {
        String orderId = Fields.text("orderid", ctx.pathParam("orderid"));
        OrdersView.Order order = views.orders().order(orderId)
                .orElseThrow(() -> new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, "No lines for order " + orderId));
        ctx.json(new OrderBody(order.orderId(), order.lines().stream()
                .map(line -> new OrderLineBody(line.sku(), line.qty(), line.status().name().toLowerCase(Locale.ROOT),
                        line.batchRef()))
                .toList()));
    }

    void product(Context ctx) {
        String sku = Fields.text("sku", ctx.pathParam("sku"));
        ProductsView.Stock stock = views.products().stock(sku)
                .orElseThrow(() -> new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, "Unknown sku " + sku));
        ctx.json(new ProductBody(stock.sku(), stock.batches().stream()
                .map(b -> new BatchBody(b.ref(), b.eta(), b.purchased(), b.allocated(), b.available()))
                .toList(), stock.available(), new WaitingBody(stock.backordered().lines(), stock.backordered().qty())));
    }

    /** DOWN only for the database: without a broker the service still takes requests, and events wait. */
    void health(Context ctx) {
        Optional<String> problem = health.problem();
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("database", problem.isEmpty() ? "UP" : "DOWN");
        components.forEach(component -> parts.put(component.component(), component.up() ? "UP" : "DOWN"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problem.isEmpty() ? "UP" : "DOWN");
        problem.ifPresent(p -> body.put("message", "The database is not available: " + p));
        body.put("components", parts);
        if (problem.isPresent()) {
            ctx.header("Retry-After", String.valueOf(ErrorMapping.RETRY_AFTER_SECONDS));
        }
        ctx.status(problem.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }

    /** {@code GET /}: where to start. */
    void index(Context ctx) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("service", "allocation");
        body.put("docs", "/docs");
        body.put("openapi", "/openapi.json");
        body.put("health", "/health");
        ctx.json(body);
    }

    /** {@code /health/live}: the process answers HTTP; nothing else is asked. */
    void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    /**
     * {@code /health/ready}: whether to send it requests. The schema is migrated before the server
     * listens, so that leaves the database. Once a stop begins, Jetty answers 503 before any route.
     */
    void ready(Context ctx) {
        Optional<String> problem = health.problem();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problem.isEmpty() ? "UP" : "DOWN");
        problem.ifPresent(p -> {
            body.put("message", "The database is not available: " + p);
            ctx.header("Retry-After", String.valueOf(ErrorMapping.RETRY_AFTER_SECONDS));
        });
        ctx.status(problem.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }

    /**
     * Checks the content type, then parses; nothing reaches the bus before this passes. The body is
     * in memory already, and within its size limit ({@link WholeBodies}).
     */
    private MessageFields body(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType != null) {
            checkJson(contentType);
        }
        return bodies.parse(ctx.bodyAsBytes());
    }

    /** JSON, of a media type that says so; its charset, UTF-8 only, was checked before any route ({@link RequestCharset}). */
    private static void checkJson(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";", -1);
        String mediaType = parts[0].trim();
        if (!mediaType.equals("application/json") && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
            throw new ErrorMapping.HttpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, was " + contentType);
        }
    }
}
