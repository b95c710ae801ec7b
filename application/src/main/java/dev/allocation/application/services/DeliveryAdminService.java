package dev.allocation.application.services;

import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.application.port.in.DiscardReason;
import dev.allocation.application.port.out.DeliveryRecords;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

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

    /** A page after a delivery that is gone (done meanwhile) would have nowhere to start: that is refused. */
    @Override
    public List<Entry> deliveries(Filter filter, Optional<String> after, int limit) {
        return records.list(filter, after, limit).orElseThrow(() -> new UnknownDelivery(after.orElseThrow()));
    }

    @Override
    public List<Attempt> attempts(String id) {
        if (records.state(id).isEmpty()) {
            throw new UnknownDelivery(id);
        }
        return records.attempts(id);
    }

    @Override
    public void retry(String id) {
        change(id, () -> records.revive(id, clock.instant()));
    }

    @Override
    public long retryAll(Filter filter) {
        return records.reviveAll(dead(filter), clock.instant());
    }

    @Override
    public void discard(String id, String reason) {
        change(id, () -> records.discard(id, DiscardReason.checked(reason), clock.instant()));
    }

    @Override
    public long discardAll(Filter filter, String reason) {
        return records.discardAll(dead(filter), DiscardReason.checked(reason), clock.instant());
    }

    /**
     * Looks without waiting for a delivery in hand (its row is locked until it is done: that one is
     * not dead). Another operator may change it between the look and the change: then look again.
     */
    private void change(String id, LongSupplier change) {
        for (int look = 0; look < 2; look++) {
            State state = records.state(id).orElseThrow(() -> new UnknownDelivery(id));
            if (state != State.DEAD) {
                throw new DeliveryNotDead(id, state);
            }
            if (change.getAsLong() == 1) {
                return;
            }
        }
        throw new DeliveryNotDead(id, records.state(id).orElseThrow(() -> new UnknownDelivery(id)));
    }

    /** Only dead deliveries are retried or discarded, whatever state the filter names. */
    private static Filter dead(Filter filter) {
        return new Filter(State.DEAD, filter.handler(), filter.sku(), filter.errorContains(), filter.recordedBefore());
    }
}
