package dev.allocation.adapters.web;

import dev.allocation.application.port.in.CommandBus.TooManyConflicts;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.DatabaseUnavailable;
import dev.allocation.application.port.out.DeadLetters;
import dev.allocation.domain.model.Refusal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place where failures become HTTP statuses. Every error body is
 * {@code {"message": "..."}}; an unexpected failure is a 500 whose id is in the log with the stack
 * trace, which never reaches the client.
 */
final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    /** An answer of the HTTP API's own (no such order, a wrong media type, no token): this status and message. */
    static final class HttpError extends RuntimeException {

        private final HttpStatus status;

        HttpError(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** What a 503 tells clients to wait: about what a database restart or fail-over takes. */
    static final int RETRY_AFTER_SECONDS = 5;

    private ErrorMapping() {
    }

    static HttpError tooLarge() {
        return new HttpError(HttpStatus.CONTENT_TOO_LARGE, "The request body must be at most " + HttpServer.MAX_BODY_BYTES + " bytes");
    }

    /** @param allowed the methods of each route, for the {@code Allow} header of a 405 */
    static void register(RoutesConfig routes, AllowedMethods allowed) {
        routes.exception(HttpError.class, (e, ctx) -> respond(ctx, e.status, e.getMessage()));
        routes.exception(Refusal.class, (e, ctx) -> respond(ctx, statusOf(e.kind()), e.getMessage()));
        routes.exception(DatabaseUnavailable.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            respond(ctx, HttpStatus.SERVICE_UNAVAILABLE, "The database is not available; try again in a few seconds");
        });
        routes.exception(DeadLetters.Unavailable.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            respond(ctx, HttpStatus.SERVICE_UNAVAILABLE, "RabbitMQ is not available; nothing was changed, try again in a few seconds");
        });
        routes.exception(TooManyConflicts.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            respond(ctx, HttpStatus.CONFLICT, "Too many concurrent changes to product " + e.sku() + "; try again");
        });
        // The bus retries a conflict; one outside it (two bulk admin changes that deadlock on PostgreSQL)
        // is the client's to retry.
        routes.exception(ConcurrencyConflict.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            respond(ctx, HttpStatus.CONFLICT, "A concurrent change to the same data got there first; try again");
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, HttpStatus.forStatus(e.getStatus()), message(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString();
            log.error("Internal error {} on {} {}", id, ctx.method(), ctx.path(), e);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("message", "Internal error");
            body.put("id", id);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(body);
        });
        // Responses Javalin makes itself (no route, wrong method) get the same body.
        routes.error(HttpStatus.NOT_FOUND.getCode(), "*", ErrorMapping::jsonIfEmpty);
        routes.error(HttpStatus.METHOD_NOT_ALLOWED.getCode(), "*", ctx -> {
            allowed.allow(ctx.path()).ifPresent(methods -> ctx.header("Allow", methods));
            jsonIfEmpty(ctx);
        });
    }

    /** What a refused command is answered with; the broker adapter gives its replies the same statuses. */
    static HttpStatus statusOf(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
    }

    /** {@code OPTIONS}: 204 with the methods the path takes, or 404 for a path no route has. */
    static void options(Context ctx, AllowedMethods allowed) {
        Optional<String> methods = allowed.allow(ctx.path());
        if (methods.isEmpty()) {
            respond(ctx, HttpStatus.NOT_FOUND, statusMessage(HttpStatus.NOT_FOUND, ctx));
            return;
        }
        ctx.header("Allow", methods.get()).status(HttpStatus.NO_CONTENT);
        ctx.res().setContentType(null); // no body, so no type: Javalin's default would say text/plain
    }

    /** A safety net: a 404 or 405 that no handler gave a body gets the JSON one. */
    private static void jsonIfEmpty(Context ctx) {
        String result = ctx.result();
        if (result == null || !result.startsWith("{\"message\"")) {
            respond(ctx, ctx.status(), statusMessage(ctx.status(), ctx));
        }
    }

    private static String message(HttpResponseException e, Context ctx) {
        HttpStatus status = HttpStatus.forStatus(e.getStatus());
        return switch (status) {
            case NOT_FOUND, METHOD_NOT_ALLOWED -> statusMessage(status, ctx);
            case CONTENT_TOO_LARGE -> tooLarge().getMessage();
            default -> e.getMessage() == null || e.getMessage().isBlank() ? status.getMessage() : e.getMessage();
        };
    }

    private static String statusMessage(HttpStatus status, Context ctx) {
        return status == HttpStatus.NOT_FOUND ? "No route " + ctx.method() + " " + ctx.path()
                : "Method " + ctx.method() + " is not allowed on " + ctx.path();
    }

    private static void respond(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("message", message));
    }
}
