package dev.allocation.adapters.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request's text is UTF-8, whatever the route: its Content-Type may name that charset, and no other,
 * and its query string's percent-escapes must spell UTF-8. Checked before any route, as Javalin
 * decodes the query string with the Content-Type's charset (one it cannot read fails the request, one
 * it does not know drops every query parameter, which would widen an admin change's filter to
 * everything), drops a parameter with a broken escape ({@code limit=%zz}) and reads bytes that are not
 * UTF-8 as replacement characters.
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
        String query = ctx.queryString();
        if (query != null && !wellEscaped(query)) {
            throw new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST,
                    "The query string is malformed: each % must start an escape of two hex digits, and the escapes must spell UTF-8");
        }
    }

    /** Whether each {@code %} of a raw query string starts two hex digits, and what they spell is UTF-8. */
    static boolean wellEscaped(String query) {
        if (query.indexOf('%') < 0) {
            return true; // the usual case: nothing to decode
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c != '%') {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                continue;
            }
            if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0 || Character.digit(query.charAt(i + 2), 16) < 0) {
                return false;
            }
            bytes.write(Character.digit(query.charAt(i + 1), 16) * 16 + Character.digit(query.charAt(i + 2), 16));
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
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
