package dev.allocation.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The outbox: the publications waiting to be sent to destinations outside the service (brokers), one
 * row per event and destination, stored in the transaction that recorded the event, in the
 * {@linkplain Publication#lane lane} of its SKU. One relay thread at a time sends a lane, the one
 * whose instance holds the lane's lease, so that each SKU's go out in order whatever the number of
 * instances.
 */
public interface Outbox {

    /** The oldest waiting publications of one lane of the destination, in order. */
    List<Publication> next(String destination, int lane, int limit);

    /** Which of these lanes of the destination have publications waiting: one look at all of them. */
    Set<Integer> waitingIn(String destination, Set<Integer> lanes);

    /** Removes publications the destination has taken. */
    void sent(List<Publication> sent);

    /**
     * Takes, extends or (with {@code until} at {@code now}) gives up a lease: on a lane of a
     * destination, or on an instance's place among those sending it.
     *
     * @return true when {@code holder} holds it until {@code until}; false when another holder's
     *         lease has not yet expired at {@code now}
     */
    boolean lease(String name, String holder, Instant now, Instant until);

    /** How many leases whose names start with {@code prefix} have not expired at {@code now}. */
    int leasesRunning(String prefix, Instant now);

    /** How many publications wait for the destination. */
    long waiting(String destination);

    /**
     * Calls {@code wake} with the lane of the publications each time this process commits some for the
     * destination (once a lane a commit), once the commit is durable, on the committing thread: it must
     * return at once. Commits of other instances call nothing; the relay finds those by reading.
     */
    void whenStored(String destination, IntConsumer wake);
}
