package dev.allocation.adapters.web;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The errors Jetty answers before a request reaches a route (a malformed or over-long URI, headers
 * too large, a body that stopped arriving) get the API's JSON body instead of Jetty's HTML page.
 * Its own wording is replaced by ours, which never names a Java class.
 */
final class JettyErrors extends ErrorHandler {

    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON_UTF_8.asString());

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        write(response, callback, response.getStatus());
        return true;
    }

    /** Answers {@code status} with its JSON message; also used by {@link WholeBodies}. */
    static void write(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put(JSON);
        response.write(true, body(status), callback);
    }

    /** Used for a request that could not even be parsed into one. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return body(status);
    }

    static final String STOPPING = "The service is stopping: send requests to another instance";

    static String message(int status) {
        return switch (status) {
            case HttpStatus.BAD_REQUEST_400 -> "The request is malformed: check the URI's percent-encoding and the headers";
            case HttpStatus.REQUEST_TIMEOUT_408 -> "The request did not arrive in time";
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> ErrorMapping.tooLarge().getMessage();
            case HttpStatus.URI_TOO_LONG_414 -> "The URI must be at most " + HttpServer.MAX_URI_BYTES + " bytes";
            // Jetty's only 503: a request that arrives on an open connection while the server stops.
            case HttpStatus.SERVICE_UNAVAILABLE_503 -> STOPPING;
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "The request headers must be at most " + HttpServer.MAX_HEADER_BYTES + " bytes in all";
            default -> {
                String reason = HttpStatus.getMessage(status);
                yield reason == null ? "HTTP status " + status : reason;
            }
        };
    }

    private static ByteBuffer body(int status) {
        return ByteBuffer.wrap(("{\"message\":\"" + message(status) + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
