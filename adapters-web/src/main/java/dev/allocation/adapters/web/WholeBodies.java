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
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands a request to the routes only once its whole body has arrived. The body is gathered without
 * a thread (Jetty calls back as bytes arrive), so a client that sends its body a byte at a time holds
 * a connection, not one of the server's threads; the routes then read it from memory.
 *
 * <p>A body must arrive within {@code deadline} of the request's headers (else 408) and be at most
 * {@code maxBytes} (else 413, once up to 1 MiB of it has been read and thrown away). Both answers
 * close the connection, because what the client is still sending cannot be told apart from its
 * next request.
 */
final class WholeBodies extends Handler.Wrapper {

    private static final HttpField CLOSE = new HttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());

    /**
     * How much of a too-large body is read and thrown away before the 413 goes out: a client still
     * sending when the connection closes sees a reset instead of the answer.
     */
    private static final long MAX_DISCARDED_BYTES = 1024 * 1024;

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
        if (length > MAX_DISCARDED_BYTES) {
            refuse(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
            return true;
        }
        new Gathering(request, response, callback).read();
        return true;
    }

    /**
     * Jetty's read loop: take what has arrived, ask to be called back when there is more. A body
     * that came with its headers (the usual case) is handed on at once, on the same thread and with
     * no timer; only one still arriving gets the deadline.
     */
    private final class Gathering {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final AtomicBoolean answered = new AtomicBoolean();
        private long received;
        private volatile Scheduler.Task timeout;

        Gathering(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void read() {
            while (!answered.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    if (timeout == null) {
                        timeout = request.getComponents().getScheduler()
                                .schedule(() -> answer(HttpStatus.REQUEST_TIMEOUT_408), deadline.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    request.demand(this::read);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    answer(HttpStatus.BAD_REQUEST_400); // the client broke off; nobody may be listening
                    return;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                received += bytes.remaining();
                if (received <= maxBytes) {
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    body.writeBytes(copy);
                }
                boolean last = chunk.isLast();
                chunk.release();
                if (received > maxBytes && (last || received > MAX_DISCARDED_BYTES)) {
                    answer(HttpStatus.PAYLOAD_TOO_LARGE_413);
                    return;
                }
                if (last) {
                    handOn();
                    return;
                }
            }
        }

        private void handOn() {
            if (!claim()) {
                return;
            }
            try {
                if (!WholeBodies.super.handle(new Buffered(request, body.toByteArray()), response, callback)) {
                    refuse(request, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable e) {
                callback.failed(e);
            }
        }

        private void answer(int status) {
            if (claim()) {
                refuse(request, response, callback, status);
            }
        }

        /** Exactly one of the body, the deadline and a failure answers. */
        private boolean claim() {
            if (!answered.compareAndSet(false, true)) {
                return false;
            }
            if (timeout != null) {
                timeout.cancel();
            }
            return true;
        }
    }

    private static void refuse(Request request, Response response, Callback callback, int status) {
        response.getHeaders().put(RequestIds.HEADER, RequestIds.accepted(request.getHeaders().get(RequestIds.HEADER)));
        response.getHeaders().put(CLOSE);
        JettyErrors.write(response, callback, status);
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
