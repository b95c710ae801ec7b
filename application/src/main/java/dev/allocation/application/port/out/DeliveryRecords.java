package dev.allocation.application.port.out;

import dev.allocation.application.port.in.DeliveryAdmin.Counts;
import dev.allocation.application.port.in.DeliveryAdmin.Entry;
import dev.allocation.application.port.in.DeliveryAdmin.State;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The stored deliveries as an operator sees them: how many, which, and a dead one made pending again. */
public interface DeliveryRecords {

    Counts counts();

    /** The oldest deliveries in that state, at most {@code limit}. */
    List<Entry> list(State state, int limit);

    /** Whether the delivery is dead; empty when there is none with this id (done, or never was). */
    Optional<Boolean> isDead(String id);

    /**
     * Makes a dead delivery pending again, due at {@code now}, with its attempts counted from zero.
     *
     * @return false when it was not dead, or no longer there
     */
    boolean revive(String id, Instant now);
}
