package dev.allocation.application.port.out;

import java.time.Instant;
import java.util.List;

/**
 * The outbox: the publications waiting to be sent to destinations outside the service (brokers), one
 * row per event and destination, stored in the transaction that recorded the event. One instance at a
 * time sends a destination's publications, the one that holds its lease, so that they go out in order
 * whatever the number of instances.
 */
public interface Outbox {

    /** The oldest waiting publications of the destination, in order. */
    List<Publication> next(String destination, int limit);

    /** Removes publications the destination has taken. */
    void sent(List<Publication> sent);

    /**
     * Takes or extends the lease on sending a destination's publications.
     *
     * @return true when {@code holder} holds it until {@code until}; false when another holder's
     *         lease has not yet expired at {@code now}
     */
    boolean lease(String destination, String holder, Instant now, Instant until);

    /** How many publications wait for the destination. */
    long waiting(String destination);

    /**
     * Calls {@code wake} each time this process commits publications for the destination, once the
     * commit is durable, on the committing thread: it must return at once. Commits of other instances
     * call nothing; the relay finds those by reading.
     */
    void whenStored(String destination, Runnable wake);
}
