package dev.allocation.adapters.web;

import dev.allocation.application.messages.CorrelationIds;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.messages.LogContext;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;


/**
 * The request's id: the client's {@code X-Request-Id} when it is a sensible one, else a new one. It is
 * echoed on the response and becomes the correlation id of every message the request causes.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "allocation.request-id";
    private static final Logger log = LoggerFactory.getLogger(RequestIds.class);

    private RequestIds() {
    }

    /**
     * Runs before every route: fixes the id, puts it on the response, and in the logging context of
     * this thread until {@link #log} (the bus adds each message's own ids as it handles them).
     */
    static void echo(Context ctx) {
        String id = accepted(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(LogContext.CORRELATION_ID, id);
    }

    /** The request's line in the log, with its id; then the id leaves the thread's logging context. */
    static void log(Context ctx, Float millis) {
        MDC.put(LogContext.CORRELATION_ID, of(ctx));
        try {
            log.info("{} {} {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", millis));
        } finally {
            MDC.remove(LogContext.CORRELATION_ID);
        }
    }

    /** The id a request sent, when it is a sensible one; else a new one. */
    static String accepted(String sent) {
        return CorrelationIds.accepted(sent);
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : Envelope.newId();
    }
}
