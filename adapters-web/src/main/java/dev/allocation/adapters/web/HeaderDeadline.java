package dev.allocation.adapters.web;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers have not all arrived within {@code deadline}
 * of their first byte. Jetty parses headers without a thread, so a client sending one byte every
 * few seconds costs no thread, but the idle timeout alone would let it keep the connection for as
 * long as it likes. Jetty has no such setting; this reads each connection's parser state once a
 * second (the parser is in Jetty's internal package, which is why this is kept in one small class).
 */
final class HeaderDeadline extends AbstractLifeCycle {

    private static final Duration SWEEP = Duration.ofSeconds(1);

    private final Server server;
    private final Duration deadline;
    /** Per connection: the message count when its current headers were first seen, and when. */
    private final Map<EndPoint, long[]> started = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    HeaderDeadline(Server server, Duration deadline) {
        this.server = server;
        this.deadline = deadline;
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
        started.clear();
    }

    private void schedule() {
        next = server.getScheduler().schedule(this::sweep, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        try {
            started.keySet().removeIf(endPoint -> !endPoint.isOpen());
            for (Connector connector : server.getConnectors()) {
                for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                    check(endPoint, now);
                }
            }
        } finally {
            if (isRunning()) {
                schedule();
            }
        }
    }

    private void check(EndPoint endPoint, long now) {
        if (!(endPoint.getConnection() instanceof HttpConnection connection) || !inHeaders(connection.getParser())) {
            started.remove(endPoint);
            return;
        }
        long[] since = started.compute(endPoint, (key, seen) ->
                seen != null && seen[0] == connection.getMessagesIn() ? seen : new long[]{connection.getMessagesIn(), now});
        if (now - since[1] > deadline.toNanos()) {
            started.remove(endPoint);
            endPoint.close();
        }
    }

    /** Between the first byte of a request and the end of its headers. */
    private static boolean inHeaders(HttpParser parser) {
        HttpParser.State state = parser.getState();
        return state.ordinal() > HttpParser.State.START.ordinal() && state.ordinal() <= HttpParser.State.HEADER.ordinal();
    }
}
