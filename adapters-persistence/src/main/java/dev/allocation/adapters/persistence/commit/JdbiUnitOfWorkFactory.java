package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.messages.StoredPublicationSignals;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.application.port.out.Tracing;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import org.jdbi.v3.core.Jdbi;

/** Starts units of work over one database, sharing its product locks, product cache and committer. */
public final class JdbiUnitOfWorkFactory implements UnitOfWorkFactory {

    private final Jdbi jdbi;
    private final ProductLocks locks;
    private final ProductCache cache;
    private final Committer committer;
    private final Subscriptions subscriptions;
    private final StoredPublicationSignals publicationSignals;
    private final boolean keepHistory;
    private final Tracing tracing;

    /**
     * @param keepHistory whether commits write the events they record to the event history
     * @param tracing     makes a span of each commit
     */
    public JdbiUnitOfWorkFactory(Jdbi jdbi, ProductLocks locks, ProductCache cache, Committer committer,
                                 Subscriptions subscriptions, StoredPublicationSignals publicationSignals,
                                 boolean keepHistory, Tracing tracing) {
        this.tracing = tracing;
        this.jdbi = jdbi;
        this.locks = locks;
        this.cache = cache;
        this.committer = committer;
        this.subscriptions = subscriptions;
        this.publicationSignals = publicationSignals;
        this.keepHistory = keepHistory;
    }

    @Override
    public BusUnitOfWork begin(Envelope<?> cause) {
        return new JdbiUnitOfWork(new UnitOfWorkConnection(jdbi), locks.session(), cache, committer, subscriptions,
                publicationSignals, keepHistory, tracing, cause);
    }
}
