package dev.allocation.application.messagebus;

import dev.allocation.application.port.ConcurrencyConflict;
import dev.allocation.application.port.UnitOfWork;
import dev.allocation.application.port.UnitOfWorkFactory;
import dev.allocation.domain.events.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Runs the handlers of an event, then of every event those handlers recorded, until none is left.
 *
 * <p>The queue lives on the stack of {@link #handle}, and every handler gets a unit of work of its
 * own, so one bus serves any number of threads at once.
 */
public final class MessageBus {

    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

    private final UnitOfWorkFactory unitsOfWork;
    private final HandlerRegistry handlers;
    private final RetryPolicy retry;

    public MessageBus(UnitOfWorkFactory unitsOfWork, HandlerRegistry handlers, RetryPolicy retry) {
        this.unitsOfWork = Objects.requireNonNull(unitsOfWork);
        this.handlers = Objects.requireNonNull(handlers);
        this.retry = Objects.requireNonNull(retry);
    }

    /**
     * Handles the event and everything that follows from it.
     *
     * @return what the handlers of this event returned, in registration order (null results left out)
     * @throws RuntimeException whatever a handler of this event threw, with its own type. A failure
     *                          in a follow-up event is logged and does not stop the others.
     */
    public List<Object> handle(Event event) {
        Deque<Event> queue = new ArrayDeque<>();
        List<Object> results = new ArrayList<>();
        for (Handler<Event> handler : handlers.handlersFor(event)) {
            Object result = run(handler, event, queue);
            if (result != null) {
                results.add(result);
            }
        }
        while (!queue.isEmpty()) {
            Event next = queue.poll();
            for (Handler<Event> handler : handlers.handlersFor(next)) {
                try {
                    run(handler, next, queue);
                } catch (RuntimeException e) {
                    log.error("Handling {} (which followed from {}) failed", next, event, e);
                }
            }
        }
        return results;
    }

    private Object run(Handler<Event> handler, Event event, Deque<Event> queue) {
        for (int attempt = 1; ; attempt++) {
            try (UnitOfWork uow = unitsOfWork.begin()) {
                log.debug("Handling {}", event);
                Object result = handler.handle(event, uow);
                queue.addAll(uow.collectNewEvents());
                return result;
            } catch (ConcurrencyConflict conflict) {
                if (attempt >= retry.maxAttempts()) {
                    throw new ConcurrencyConflict(conflict.sku(), "Gave up on " + event + " after " + attempt
                            + " tries: product " + conflict.sku() + " kept being changed by other requests", conflict);
                }
                log.debug("Try {} of {} conflicted ({}); trying again", attempt, event, conflict.getMessage());
                retry.pauseAfter(attempt);
            }
        }
    }
}
