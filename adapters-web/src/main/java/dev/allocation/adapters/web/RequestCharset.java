package dev.allocation.adapters.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Locale;

/**
 * A request's text is UTF-8, whatever the route: its Content-Type may name that charset, and no other.
 * Checked before any route, as Javalin also decodes the query string with the Content-Type's charset:
 * one it cannot read fails the request, and one it does not know drops every query parameter, which
 * would widen an admin change's filter to everything.
 */
final class RequestCharset {

    private RequestCharset() {
    }

    /** Before every route. */
    static void requireUtf8(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType != null && !utf8OrAbsent(contentType)) {
            throw new ErrorMapping.HttpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "A request must be sent as UTF-8: the Content-Type's charset must be utf-8 or absent, was " + contentType);
        }
    }

    /** Whether a Content-Type names no charset, or utf-8 (in any case, quoted or not). */
    static boolean utf8OrAbsent(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";", -1);
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equals("charset")
                    && !(parameter.length == 2 && parameter[1].trim().replace("\"", "").equals("utf-8"))) {
                return false;
            }
        }
        return true;
    }
}
