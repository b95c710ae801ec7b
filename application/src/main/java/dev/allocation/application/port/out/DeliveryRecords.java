package dev.allocation.application.port.out;

import dev.allocation.application.port.in.DeliveryAdmin.Attempt;
import dev.allocation.application.port.in.DeliveryAdmin.Counts;
import dev.allocation.application.port.in.DeliveryAdmin.Entry;
import dev.allocation.application.port.in.DeliveryAdmin.Filter;
import dev.allocation.application.port.in.DeliveryAdmin.State;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored deliveries as an operator sees them: how many, which, their attempts, and dead ones made
 * pending again or discarded.
 */
public interface DeliveryRecords {

    Counts counts();

    /**
     * The deliveries the filter matches, oldest first, after the one with id {@code after}, at most
     * {@code limit}; empty (not an empty page) when there is no delivery {@code after} any more, so
     * that a delivery done between two pages never passes for the end of the list.
     */
    Optional<List<Entry>> list(Filter filter, Optional<String> after, int limit);

    /** The state of the delivery; empty when there is none with this id (done, or never was). */
    Optional<State> state(String id);

    /** Its failed attempts, oldest first. */
    List<Attempt> attempts(String id);

    /**
     * Makes dead deliveries pending again, due at {@code now}, with their attempts counted from zero:
     * the one with the id, or every one the filter matches (a dead filter).
     *
     * @return how many; 0 for one that was not dead, or no longer there
     */
    long revive(String id, Instant now);

    long reviveAll(Filter filter, Instant now);

    /**
     * Discards dead deliveries with the reason: the one with the id, or every one the filter matches.
     *
     * @return how many; 0 for one that was not dead, or no longer there
     */
    long discard(String id, String reason, Instant now);

    long discardAll(Filter filter, String reason, Instant now);
}
