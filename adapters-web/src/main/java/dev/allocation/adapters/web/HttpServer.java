package dev.allocation.adapters.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.in.HealthCheck;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The HTTP server. Stopping it stops accepting connections, lets the requests in flight finish
 * (Jetty's {@link GracefulHandler} counts a request until its response is complete), and only then
 * shuts down.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;
    private volatile boolean stopped;

    public HttpServer(CommandBus bus, AllocationsView allocations, HealthCheck health, Duration grace) {
        ObjectMapper mapper = Json.mapper();
        AllocationRoutes api = new AllocationRoutes(bus, allocations, health, mapper);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> {
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(grace.toMillis());
            });
            config.routes.before(RequestIds::echo);
            config.routes.post("/add_batch", api::addBatch);
            config.routes.post("/allocate", api::allocate);
            config.routes.post("/change_batch_quantity", api::changeBatchQuantity);
            config.routes.get("/allocations/{orderid}", api::allocationsOfOrder);
            config.routes.get("/health", api::health);
            ErrorMapping.register(config.routes);
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
