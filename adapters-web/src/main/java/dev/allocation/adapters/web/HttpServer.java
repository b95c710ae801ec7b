package dev.allocation.adapters.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.in.HealthCheck;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The HTTP server. Stopping it stops accepting connections, lets the requests in flight finish
 * (Jetty's {@link GracefulHandler} counts a request until its response is complete, and answers any
 * new one 503, readiness probes included), and only then shuts down.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** The sizes a client must keep to; docs/api.md states them. The times are {@link HttpLimits}. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The request line and the headers together; a longer URI alone is a 414. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_URI_BYTES = MAX_HEADER_BYTES;

    private final Javalin app;
    private volatile boolean stopped;

    public HttpServer(CommandBus bus, Views views, HealthCheck health, HttpLimits limits) {
        this(bus, views, health, Operations.NONE, limits);
    }

    /** @param operations the brokers in {@code /health}, the admin routes and {@code /metrics}, where configured */
    public HttpServer(CommandBus bus, Views views, HealthCheck health, Operations operations, HttpLimits limits) {
        ObjectMapper mapper = Json.mapper();
        AllocationRoutes api = new AllocationRoutes(bus, views, health, operations.components());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.prefer405over404 = true;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setIdleTimeout(limits.idleTimeout().toMillis());
                http.setSendServerVersion(false);
            });
            config.jetty.modifyServer(server -> {
                // Outermost first: the grace period counts a request from its headers on.
                server.insertHandler(new WholeBodies(MAX_BODY_BYTES, limits.bodyDeadline()));
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(limits.grace().toMillis());
                server.setErrorHandler(new JettyErrors());
                server.addBean(new HeaderDeadline(server, limits.headerDeadline()));
                operations.metrics().ifPresent(metrics -> metrics.bindTo(server));
            });
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors()));
            RequestSpans spans = new RequestSpans(operations.telemetry());
            config.routes.before(spans::start);
            config.routes.before(RequestIds::echo);
            config.routes.before(RequestCharset::requireUtf8);
            // Javalin would run the route of the method this header names, past a 405 the docs promise.
            config.routes.before(ctx -> {
                if (ctx.header("X-HTTP-Method-Override") != null) {
                    throw new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST,
                            "X-HTTP-Method-Override is not taken: send the request with its own method");
                }
            });
            config.requestLogger.http((ctx, millis) -> {
                try {
                    operations.metrics().ifPresent(metrics -> metrics.record(ctx, millis));
                    RequestIds.log(ctx, millis);
                } finally {
                    spans.end(ctx);
                }
            });
            AllowedMethods routes = new AllowedMethods(config.routes);
            routes.post("/add_batch", api::addBatch);
            routes.post("/allocate", api::allocate);
            routes.post("/change_batch_quantity", api::changeBatchQuantity);
            routes.post("/deallocate", api::deallocate);
            routes.get("/allocations/{orderid}", api::allocationsOfOrder);
            routes.get("/orders/{orderid}", api::order);
            routes.get("/products/{sku}", api::product);
            HistoryRoutes history = new HistoryRoutes(views.history());
            routes.get("/orders/{orderid}/history", history::ofOrder);
            routes.get("/products/{sku}/history", history::ofSku);
            routes.get("/health", api::health);
            routes.get("/health/live", api::live);
            routes.get("/health/ready", api::ready);
            routes.get("/openapi.json", new OpenApiDocument()::serve);
            SwaggerUi swaggerUi = new SwaggerUi();
            routes.get("/", api::index);
            routes.get("/docs", swaggerUi::page);
            routes.get("/swagger-ui", swaggerUi::page);
            routes.get("/docs/{file}", swaggerUi::file);
            operations.metrics().ifPresent(metrics -> routes.get("/metrics", metrics::serve));
            operations.admin().map(access -> new AdminRoutes(access, mapper)).ifPresent(admin -> {
                config.routes.before("/admin/*", admin::authorize);
                routes.get("/admin/deliveries", admin::list);
                routes.post("/admin/deliveries/retry", admin::retryAll);
                routes.post("/admin/deliveries/discard", admin::discardAll);
                routes.get("/admin/deliveries/{id}/attempts", admin::attempts);
                routes.post("/admin/deliveries/{id}/retry", admin::retry);
                routes.post("/admin/deliveries/{id}/discard", admin::discard);
            });
            operations.admin().flatMap(AdminAccess::deadCommands).map(dead -> new DeadCommandRoutes(dead, mapper)).ifPresent(dead -> {
                routes.get("/admin/commands", dead::list);
                routes.post("/admin/commands/retry", dead::retryAll);
                routes.post("/admin/commands/discard", dead::discardAll);
                routes.post("/admin/commands/{id}/retry", dead::retry);
                routes.post("/admin/commands/{id}/discard", dead::discard);
            });
            operations.admin().map(access -> new ReplayRoutes(access.replays(), mapper)).ifPresent(replay -> {
                routes.post("/admin/replay", replay::start);
                routes.get("/admin/replay/{id}", replay::status);
                routes.post("/admin/replay/{id}/cancel", replay::cancel);
            });
            // Before any route, not as one: an OPTIONS route on every path would turn 404s into 405s.
            config.routes.before(ctx -> {
                if (ctx.method() == HandlerType.OPTIONS) {
                    ErrorMapping.options(ctx, routes);
                    ctx.skipRemainingHandlers();
                }
            });
            ErrorMapping.register(config.routes, routes);
        });
    }

    /** Starts listening; port 0 picks a free port (see {@link #port()}). */
    public HttpServer start(String host, int port) {
        app.start(host, port);
        log.info("Listening on http://{}:{}", host, port());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting, waits up to the grace period for the requests in flight, then stops. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        app.stop();
        log.info("HTTP server stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
