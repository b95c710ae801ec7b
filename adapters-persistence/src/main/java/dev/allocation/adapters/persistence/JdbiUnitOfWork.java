package dev.allocation.adapters.persistence;

import dev.allocation.application.port.out.BusUnitOfWork;
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
 * One atomic piece of work: the products, the deliveries and publications of the events they record,
 * the message it receives, and the delivery it completes. Its reads use a connection taken from the
 * pool on first use.
 *
 * <p>Its writes are worked out at commit (see {@link Changes}) and committed by the
 * {@link GroupCommit}, together with those of other units of work, unless the database has none. A
 * unit of work that claimed a delivery or received a message has taken row locks in its own
 * transaction, so it writes and commits there instead.
 */
final class JdbiUnitOfWork implements BusUnitOfWork {

    private final Jdbi jdbi;
    private final ProductLocks.Held locks;
    private final GroupCommit groupCommit;
    private final Subscriptions subscriptions;
    private final Envelope<?> cause;
    private final JdbiProductRepository products;
    private Handle handle;
    private String claimed;
    private boolean received;
    private boolean committed;
    private List<Delivery> newDeliveries = List.of();

    /** @param groupCommit null to commit in the unit of work's own transaction */
    JdbiUnitOfWork(Jdbi jdbi, ProductLocks.Held locks, ProductCache cache, GroupCommit groupCommit,
                   Subscriptions subscriptions, Envelope<?> cause) {
        this.jdbi = jdbi;
        this.locks = locks;
        this.groupCommit = groupCommit;
        this.subscriptions = subscriptions;
        this.cause = cause;
        this.products = new JdbiProductRepository(this::handle, locks, cache, this::started);
    }

    private boolean working;

    private void started() {
        if (groupCommit != null) {
            working = true;
            groupCommit.started();
        }
    }

    private void finished() {
        if (working) {
            working = false;
            groupCommit.finished();
        }
    }

    /**
     * The connection, opened on first use. A unit of work that will commit in a group only reads
     * here, one statement at a time (READ COMMITTED either way), so it opens no transaction; one that
     * commits here opens it before its first statement, or before it claims or receives.
     */
    private Handle handle() {
        if (handle == null) {
            handle = SqlErrors.translated(null, jdbi::open);
        }
        return groupCommit == null ? begun(handle) : handle;
    }

    private Handle inTransaction() {
        return begun(handle());
    }

    private static Handle begun(Handle handle) {
        if (!SqlErrors.translated(null, handle::isInTransaction)) {
            SqlErrors.translated(null, handle::begin);
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
        Claim claim = SqlErrors.translated(delivery.sku(), () -> StoredDeliveries.claim(inTransaction(), delivery));
        if (claim == Claim.TAKEN) {
            claimed = delivery.id();
        }
        return claim;
    }

    @Override
    public boolean receive(String messageId) {
        boolean first = SqlErrors.translated(null, () -> StoredInbox.receive(inTransaction(), messageId));
        received |= first;
        return first;
    }

    @Override
    public void commit() {
        if (committed) {
            return;
        }
        finished();
        List<Event> events = products.pullEvents();
        List<Envelope<Event>> recorded = StoredDeliveries.recorded(events, cause, subscriptions);
        Changes changes = products.changes(events, StoredDeliveries.deliveries(recorded, subscriptions),
                StoredOutbox.publications(recorded, subscriptions));
        try {
            if (groupCommit == null || claimed != null || received) {
                commitAlone(changes);
            } else {
                releaseConnection(); // the reads are done: the connection must not wait for the group
                if (!changes.isEmpty()) {
                    products.committed(changes, groupCommit.commit(changes));
                }
            }
        } catch (RuntimeException | Error e) {
            products.forgetSeen();
            throw e;
        }
        newDeliveries = changes.deliveries();
        committed = true;
    }

    private void commitAlone(Changes changes) {
        SqlErrors.translated(changes.firstSku(), () -> {
            ChangeWriter.Outcome outcome = ChangeWriter.write(inTransaction(), List.of(changes)).get(0).orConflict();
            if (claimed != null) {
                StoredDeliveries.complete(inTransaction(), claimed);
            }
            inTransaction().commit();
            products.committed(changes, outcome);
            return null;
        });
    }

    private void releaseConnection() {
        if (handle != null) {
            Handle reads = handle;
            handle = null;
            SqlErrors.translated(null, () -> {
                try (reads) {
                    if (reads.isInTransaction()) {
                        reads.rollback();
                    }
                }
                return null;
            });
        }
    }

    @Override
    public List<Delivery> newDeliveries() {
        return newDeliveries;
    }

    @Override
    public void close() {
        finished();
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
