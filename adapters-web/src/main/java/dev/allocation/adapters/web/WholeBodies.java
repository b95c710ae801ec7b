package dev.allocation.adapters.web;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands a request to the routes only once its whole body has arrived. The body is gathered without
 * a thread (Jetty calls back as bytes arrive), so a client that sends its body a byte at a time holds
 * a connection, not one of the server's threads; the routes then read it from memory.
 *
 * <p>A body must arrive within {@code deadline} of the request's headers (else 408) and be at most
 * {@code maxBytes} (else 413). Both answers close the connection, because what the client is still
 * sending cannot be told apart from its next request.
 */
final class WholeBodies extends Handler.Wrapper {

    private static final HttpField CLOSE = new HttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());

    private final int maxBytes;
    private final Duration deadline;

    WholeBodies(int maxBytes, Duration deadline) {
        this.maxBytes = maxBytes;
        this.deadline = deadline;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long length = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (length == 0 || (length < 0 && !chunked)) {
            return super.handle(request, response, callback);
        }
        if (length > maxBytes) {
            refuse(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
            return true;
        }
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, maxBytes);
        var timeout = request.getComponents().getScheduler().schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                refuse(response, callback, HttpStatus.REQUEST_TIMEOUT_408);
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        body.whenComplete((bytes, failure) -> {
            timeout.cancel();
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            if (failure != null) {
                // Gathering stops with a failure once more than maxBytes arrive, or when the client breaks off.
                boolean tooLarge = Request.getContentBytesRead(request) > maxBytes;
                refuse(response, callback, tooLarge ? HttpStatus.PAYLOAD_TOO_LARGE_413 : HttpStatus.BAD_REQUEST_400);
                return;
            }
            try {
                if (!super.handle(new Buffered(request, bytes), response, callback)) {
                    refuse(response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable e) {
                callback.failed(e);
            }
        });
        return true;
    }

    private static void refuse(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put(CLOSE);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, JettyErrors.body(status), callback);
    }

    /** The request with its body already in memory. */
    private static final class Buffered extends Request.Wrapper {

        private final long length;
        private Content.Chunk next;

        Buffered(Request request, byte[] body) {
            super(request);
            this.length = body.length;
            this.next = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public long getLength() {
            return length;
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = next;
            if (!chunk.isLast() || chunk.hasRemaining()) {
                next = Content.Chunk.EOF;
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public synchronized void fail(Throwable failure) {
            next = Content.Chunk.from(failure, true);
        }
    }
}
