package dev.allocation.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The dead-lettered command messages, as an operator repairs them: listed by state and filter, sent to
 * the commands again once the cause is fixed, or discarded with a reason. The same repairs as
 * {@link DeliveryAdmin}'s, for what came in rather than what the service delivers.
 */
public interface DeadCommandAdmin {

    /** How many dead letters one request looks at, oldest first. */
    int SCANNED = 10_000;

    enum State {
        /** Waiting to be re-driven or discarded. */
        DEAD,
        /** Given up on by an operator: kept, never re-driven. */
        DISCARDED
    }

    /** Which messages: those in the state, of the kind, whose error contains the text, dead before the time, where each is given. */
    record Filter(State state, Optional<String> kind, Optional<String> errorContains, Optional<Instant> deadBefore) {

        public static Filter of(State state) {
            return new Filter(state, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * A dead-lettered command message as an operator sees it: {@code id} is the dead letter's own, for
     * paging and for acting on one; {@code discardReason} null unless discarded.
     */
    record Entry(String id, String messageId, String kind, String body, String error, Instant deadAt, String correlationId,
                 String discardReason) {
    }

    /**
     * The messages the filter matches, oldest first, at most {@code limit}: after the one whose id is
     * {@code after} when given, for the next page (a message id names the first with it).
     *
     * @throws UnknownDeadCommand when no message matching the filter has the id {@code after}
     */
    List<Entry> list(Filter filter, Optional<String> after, int limit);

    /**
     * Sends a dead message to the commands again; it takes effect once, by its message id. Here and in
     * {@link #discard}, {@code id} is a dead letter's id, or a message id: every dead letter with it.
     *
     * @throws UnknownDeadCommand  when no dead letter has that message id
     * @throws DeadCommandDiscarded when it was discarded
     * @throws NotRedrivable        when its routing key names no command: it can only be discarded
     */
    void retry(String id);

    /** Sends every dead message the filter matches to the commands again. @return how many */
    long retryAll(Filter filter);

    /**
     * Discards a dead message: kept, listed as discarded with the reason, never sent again.
     *
     * @throws UnknownDeadCommand  when no dead letter has that message id
     * @throws DeadCommandDiscarded when it was discarded already
     */
    void discard(String id, String reason);

    /** Discards every dead message the filter matches. @return how many */
    long discardAll(Filter filter, String reason);

    final class UnknownDeadCommand extends RuntimeException {
        public UnknownDeadCommand(String messageId) {
            super("No dead-lettered command message " + messageId);
        }
    }

    final class NotRedrivable extends RuntimeException {
        public NotRedrivable(String messageId, String kind) {
            super("Command message " + messageId + " came with the routing key '" + kind
                    + "', which names no command: sent again it would be lost; discard it");
        }
    }

    final class DeadCommandDiscarded extends RuntimeException {
        public DeadCommandDiscarded(String messageId) {
            super("Command message " + messageId + " was discarded: it is never sent again");
        }
    }
}
