package dev.allocation.application.services;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.in.EventHistoryView;
import dev.allocation.application.port.in.OrdersView;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.domain.events.Event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The event history: read for an order or a SKU, and kept for its retention only. */
public final class HistoryService implements EventHistoryView {

    /** Small enough that forgetting never holds locks for long, whatever has piled up. */
    static final int FORGET_BATCH = 1_000;

    private final EventHistory history;
    private final OrdersView orders;
    private final Duration retention;
    private final Clock clock;

    public HistoryService(EventHistory history, OrdersView orders, Duration retention, Clock clock) {
        this.history = Objects.requireNonNull(history);
        this.orders = Objects.requireNonNull(orders);
        this.retention = Objects.requireNonNull(retention);
        this.clock = Objects.requireNonNull(clock);
    }

    /** An order whose events were all forgotten, but which still holds lines, has an empty history. */
    @Override
    public Optional<List<Envelope<Event>>> ofOrder(String orderId) {
        List<Envelope<Event>> events = history.ofOrder(orderId);
        if (events.isEmpty() && orders.order(orderId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(events);
    }

    @Override
    public List<Envelope<Event>> ofSku(String sku, Instant after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return history.ofSku(sku, after, limit);
    }

    /**
     * Forgets every event older than the retention, a small batch per transaction, so that live
     * commits never wait long behind it.
     *
     * @return how many were forgotten
     */
    public long forgetOld() {
        Instant cutoff = clock.instant().minus(retention);
        long forgotten = 0;
        int batch;
        do {
            batch = history.forgetBefore(cutoff, FORGET_BATCH);
            forgotten += batch;
        } while (batch == FORGET_BATCH);
        return forgotten;
    }
}
