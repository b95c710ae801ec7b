package dev.allocation.application.services;

import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.application.port.out.DeliveryRecords;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The operator's side of the stored deliveries. */
public final class DeliveryAdminService implements DeliveryAdmin {

    private final DeliveryRecords records;
    private final Clock clock;

    public DeliveryAdminService(DeliveryRecords records, Clock clock) {
        this.records = Objects.requireNonNull(records);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Counts counts() {
        return records.counts();
    }

    @Override
    public List<Entry> deliveries(State state, int limit) {
        return records.list(state, limit);
    }

    /**
     * Looks without waiting for a delivery in hand (its row is locked until it is done: that one is
     * not dead). Another operator may retry it between the look and the change: then look again.
     */
    @Override
    public void retry(String id) {
        for (int look = 0; look < 2; look++) {
            Optional<Boolean> dead = records.isDead(id);
            if (dead.isEmpty()) {
                throw new UnknownDelivery(id);
            }
            if (!dead.get()) {
                throw new DeliveryNotDead(id);
            }
            if (records.revive(id, clock.instant())) {
                return;
            }
        }
        throw new DeliveryNotDead(id);
    }
}
