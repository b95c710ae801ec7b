package dev.allocation.adapters.persistence;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.ProductRepository;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.domain.events.Event;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * One database transaction: the products, the deliveries and publications of the events they record,
 * the message it receives, and the delivery it completes. The connection is taken from the pool on first use.
 */
final class JdbiUnitOfWork implements UnitOfWork {

    private final Jdbi jdbi;
    private final ProductLocks.Held locks;
    private final Subscriptions subscriptions;
    private final Envelope<?> cause;
    private final JdbiProductRepository products;
    private Handle handle;
    private String claimed;
    private boolean committed;
    private List<Delivery> newDeliveries = List.of();

    JdbiUnitOfWork(Jdbi jdbi, ProductLocks.Held locks, Subscriptions subscriptions, Envelope<?> cause) {
        this.jdbi = jdbi;
        this.locks = locks;
        this.subscriptions = subscriptions;
        this.cause = cause;
        this.products = new JdbiProductRepository(this::handle, locks);
    }

    private Handle handle() {
        if (handle == null) {
            Handle opened = SqlConflicts.translated(null, jdbi::open);
            try {
                SqlConflicts.translated(null, opened::begin);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            handle = opened;
        }
        return handle;
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    public Claim claim(Delivery delivery) {
        if (claimed != null) {
            throw new IllegalStateException("this unit of work has claimed delivery " + claimed + " already");
        }
        Claim claim = SqlConflicts.translated(delivery.sku(), () -> StoredDeliveries.claim(handle(), delivery));
        if (claim == Claim.TAKEN) {
            claimed = delivery.id();
        }
        return claim;
    }

    @Override
    public void commit() {
        if (committed) {
            return;
        }
        if (handle == null && products.seen().isEmpty()) {
            committed = true;
            return;
        }
        List<Event> events = products.pullEvents();
        String sku = products.seen().isEmpty() ? null : products.seen().iterator().next().sku();
        SqlConflicts.translated(sku, () -> {
            products.save(events);
            List<Envelope<Event>> recorded = StoredDeliveries.recorded(events, cause, subscriptions);
            newDeliveries = StoredDeliveries.insert(handle(), recorded, subscriptions);
            StoredPublications.insert(handle(), recorded, subscriptions);
            if (claimed != null) {
                StoredDeliveries.complete(handle(), claimed);
            }
            handle().commit();
            return null;
        });
        committed = true;
    }

    @Override
    public boolean receive(String messageId) {
        return SqlConflicts.translated(null, () -> StoredPublications.receive(handle(), messageId));
    }

    @Override
    public List<Delivery> newDeliveries() {
        return newDeliveries;
    }

    @Override
    public void close() {
        try {
            if (handle != null) {
                try {
                    if (!committed && handle.isInTransaction()) {
                        handle.rollback();
                    }
                } finally {
                    handle.close();
                }
            }
        } finally {
            locks.releaseAll();
        }
    }
}
