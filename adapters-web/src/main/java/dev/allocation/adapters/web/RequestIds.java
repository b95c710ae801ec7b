package dev.allocation.adapters.web;

import dev.allocation.application.messages.Envelope;
import io.javalin.http.Context;

import java.util.regex.Pattern;

/**
 * The request's id: the client's {@code X-Request-Id} when it is a sensible one, else a new one. It is
 * echoed on the response and becomes the correlation id of every message the request causes.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String ATTRIBUTE = "allocation.request-id";

    private RequestIds() {
    }

    /** Runs before every route: fixes the id and puts it on the response. */
    static void echo(Context ctx) {
        String id = accepted(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** The id a request sent, when it is a sensible one; else a new one. */
    static String accepted(String sent) {
        return sent != null && ACCEPTED.matcher(sent).matches() ? sent : Envelope.newId();
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : Envelope.newId();
    }
}
