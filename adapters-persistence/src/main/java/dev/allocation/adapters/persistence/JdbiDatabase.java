package dev.allocation.adapters.persistence;

import dev.allocation.adapters.persistence.commit.GroupCommit;
import dev.allocation.adapters.persistence.commit.GroupStatistics;
import dev.allocation.adapters.persistence.commit.JdbiUnitOfWorkFactory;
import dev.allocation.adapters.persistence.commit.OwnTransaction;
import dev.allocation.adapters.persistence.commit.ProductCache;
import dev.allocation.adapters.persistence.commit.ProductLocks;
import dev.allocation.adapters.persistence.messages.JdbiDeliveries;
import dev.allocation.adapters.persistence.messages.JdbiDeliveryRecords;
import dev.allocation.adapters.persistence.messages.JdbiEventHistory;
import dev.allocation.adapters.persistence.messages.JdbiOutbox;
import dev.allocation.adapters.persistence.messages.StoredInbox;
import dev.allocation.adapters.persistence.messages.StoredPublicationSignals;
import dev.allocation.adapters.persistence.views.JdbiStoredAllocations;
import dev.allocation.adapters.persistence.views.JdbiStoredStock;
import dev.allocation.application.port.out.DatabaseProbe;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.DeliveryRecords;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.StoredAllocations;
import dev.allocation.application.port.out.StoredStock;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.application.port.out.Tracing;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import javax.sql.DataSource;

/** The persistence adapter's ports over one migrated database. */
public final class JdbiDatabase {

    private final Jdbi jdbi;
    private final ProductLocks locks = ProductLocks.striped(4096);
    private final ProductCache cache;
    private final StoredPublicationSignals publicationSignals = new StoredPublicationSignals();
    private final GroupCommit groupCommit;
    private final DatabaseProbe health;

    static final Duration HEALTH_DEADLINE = Duration.ofSeconds(1);

    /**
     * One per database and process: its product locks, product cache and group commit must be the
     * only ones of the process (on H2, of the database).
     *
     * @param dataSource a pool over the database {@code settings} name
     * @param settings   whether concurrent units of work share commits, and whether other processes
     *                   change the database too (then no product is kept between units of work)
     */
    public JdbiDatabase(DataSource dataSource, DatabaseSettings settings) {
        this.jdbi = Jdbi.create(dataSource);
        jdbi.setTransactionHandler(new DurableTransactions(jdbi.getTransactionHandler(), new H2Durability()));
        this.cache = new ProductCache(settings.changedOnlyHere());
        this.groupCommit = settings.groupCommit() ? new GroupCommit(jdbi) : null;
        this.health = new DatabaseHealth(jdbi, HEALTH_DEADLINE);
    }

    /**
     * Units of work that store each event they record in the event history, and a delivery of it for
     * each of its {@code subscriptions}.
     */
    public UnitOfWorkFactory unitsOfWork(Subscriptions subscriptions) {
        return unitsOfWork(subscriptions, true);
    }

    /** @param keepHistory false when the event history is off: the events are not written to it */
    public UnitOfWorkFactory unitsOfWork(Subscriptions subscriptions, boolean keepHistory) {
        return unitsOfWork(subscriptions, keepHistory, Tracing.NONE);
    }

    /** @param tracing makes a span of each commit */
    public UnitOfWorkFactory unitsOfWork(Subscriptions subscriptions, boolean keepHistory, Tracing tracing) {
        return new JdbiUnitOfWorkFactory(jdbi, locks, cache, groupCommit == null ? new OwnTransaction() : groupCommit, subscriptions,
                publicationSignals, keepHistory, tracing);
    }

    /** How the units of work of this database have been committed together so far; all zero without group commit. */
    public GroupStatistics groupCommits() {
        return groupCommit == null ? new GroupStatistics() : groupCommit.statistics();
    }

    public Deliveries deliveries() {
        return new JdbiDeliveries(jdbi);
    }

    public DeliveryRecords deliveryRecords() {
        return new JdbiDeliveryRecords(jdbi);
    }

    public EventHistory eventHistory() {
        return new JdbiEventHistory(jdbi);
    }

    public Outbox outbox() {
        return new JdbiOutbox(jdbi, publicationSignals);
    }

    /**
     * Forgets the ids of received messages older than eight days (the contract keeps them seven);
     * run it now and then.
     *
     * @return how many were forgotten
     */
    public int forgetOldReceivedMessages() {
        return StoredInbox.forgetOld(jdbi, java.time.Instant.now());
    }

    public StoredAllocations storedAllocations() {
        return new JdbiStoredAllocations(jdbi);
    }

    public StoredStock storedStock() {
        return new JdbiStoredStock(jdbi);
    }

    /** Answers within {@link #HEALTH_DEADLINE}, whatever the database does. */
    public DatabaseProbe probe() {
        return health;
    }
}
