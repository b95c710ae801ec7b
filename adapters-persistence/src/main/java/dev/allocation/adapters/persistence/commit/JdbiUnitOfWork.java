package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.messages.StoredDeliveries;
import dev.allocation.adapters.persistence.messages.StoredInbox;
import dev.allocation.adapters.persistence.messages.StoredOutbox;
import dev.allocation.adapters.persistence.messages.StoredPublicationSignals;
import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.ProductRepository;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.application.port.out.Tracing;
import dev.allocation.domain.events.Event;

import java.util.List;

/**
 * One atomic piece of work: the products, the events they record with their history, deliveries and publications,
 * the message it receives, and the delivery it completes. Its writes are worked out at commit (see
 * {@link Changes}) and handed to a {@link Committer}: the shared one (the group commit, unless the
 * service runs without), or, when this unit of work has taken row locks in a transaction of its own by
 * claiming a delivery or receiving a message, that transaction.
 */
public final class JdbiUnitOfWork implements BusUnitOfWork {

    private static final Committer OWN_TRANSACTION = new OwnTransaction();

    private final UnitOfWorkConnection connection;
    private final ProductLocks.Held locks;
    private final Committer committer;
    private final Subscriptions subscriptions;
    private final StoredPublicationSignals publicationSignals;
    private final Envelope<?> cause;
    private final boolean keepHistory;
    private final Tracing tracing;
    private final JdbiProductRepository products;
    private String claimed;
    private boolean committed;
    private List<Delivery> newDeliveries = List.of();

    JdbiUnitOfWork(UnitOfWorkConnection connection, ProductLocks.Held locks, ProductCache cache, Committer committer,
                   Subscriptions subscriptions, StoredPublicationSignals publicationSignals, boolean keepHistory,
                   Tracing tracing, Envelope<?> cause) {
        this.tracing = tracing;
        this.connection = connection;
        this.locks = locks;
        this.committer = committer;
        this.subscriptions = subscriptions;
        this.publicationSignals = publicationSignals;
        this.cause = cause;
        this.keepHistory = keepHistory;
        this.products = new JdbiProductRepository(connection, locks, cache);
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
        Claim claim = SqlErrors.translated(delivery.sku(), () -> StoredDeliveries.claim(connection.inTransaction(), delivery));
        if (claim == Claim.TAKEN) {
            claimed = delivery.id();
        }
        return claim;
    }

    @Override
    public boolean receive(String messageId) {
        return SqlErrors.translated(null, () -> StoredInbox.receive(connection.inTransaction(), messageId));
    }

    @Override
    public void commit() {
        if (committed) {
            return;
        }
        List<Event> events = products.pullEvents();
        List<Envelope<Event>> recorded = StoredDeliveries.recorded(events, cause);
        Changes changes = products.changes(events, StoredDeliveries.deliveries(recorded, subscriptions),
                StoredOutbox.publications(recorded, subscriptions), keepHistory ? recorded : List.of()).completing(claimed);
        Committer by = connection.holdsTransaction() ? OWN_TRANSACTION : committer;
        try (Tracing.Span span = tracing.start(by instanceof OwnTransaction ? "commit" : "group commit", null)) {
            span.attribute("allocation.events", String.valueOf(events.size()));
            try {
                products.committed(changes, by.commit(changes, connection));
            } catch (RuntimeException | Error e) {
                span.failed(e);
                products.forgetSeen();
                throw e;
            }
        }
        newDeliveries = changes.deliveries();
        committed = true;
        if (!changes.publications().isEmpty()) {
            publicationSignals.stored(changes.publications());
        }
    }

    @Override
    public List<Delivery> newDeliveries() {
        return newDeliveries;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            locks.releaseAll();
        }
    }
}
