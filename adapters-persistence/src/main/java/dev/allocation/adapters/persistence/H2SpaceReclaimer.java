package dev.allocation.adapters.persistence;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps an embedded H2 file from growing without bound under sustained load.
 *
 * <p>H2 writes each commit as a new chunk and never overwrites a live one. A chunk can be freed only
 * once none of its pages is current any more, and nearly every chunk keeps one or two pages that
 * nothing changes again (a full leaf of an index, say). H2's background writer rewrites such pages
 * into new chunks so that the old ones die, but with {@code WRITE_DELAY=0}, which the service needs
 * so that a commit is on disk before its answer goes out, H2 does not run that writer. This does its
 * housekeeping instead, on a thread of its own, through H2's own compaction: a chunk is rewritten
 * only once it is older than H2's retention time, so crash recovery keeps what it relies on.
 *
 * <p>It bounds the file, not shrinks it: what H2 keeps for its retention (45 s of commits) stays, and
 * under full load here that levelled off at about 2.2 GB, where without it the file kept growing.
 * It reaches into H2's engine ({@code SessionLocal}, {@code MVStore}) because H2 offers no SQL for
 * compacting an open file; the H2 version is pinned, and the tests run it.
 */
public final class H2SpaceReclaimer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2SpaceReclaimer.class);

    /** Below this share of live bytes in the file's chunks, old chunks are rewritten (H2's own writer, busy, aims at 81). */
    static final int TARGET_FILL_RATE = 80;
    /** At most this many bytes of live pages are rewritten per round, so that commits never wait long for it. */
    static final int BYTES_PER_ROUND = 1024 * 1024;

    /** How often a round runs. */
    public static final Duration EVERY = Duration.ofMillis(50);
    /** A failure that repeats is logged once a minute, not every round. */
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final MVStore store;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong rewritingRounds = new AtomicLong();
    /** When the last failure was logged; read and written by the scheduler's one thread only. */
    private long lastWarning = System.nanoTime() - WARN_EVERY.toNanos();

    private H2SpaceReclaimer(MVStore store, Duration every) {
        this.store = store;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "h2-space-reclaimer");
            thread.setDaemon(true);
            return thread;
        });
        long millis = every.toMillis();
        scheduler.scheduleWithFixedDelay(this::reclaim, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts reclaiming if the data source is an embedded H2 file without H2's background writer;
     * otherwise (PostgreSQL, H2 in memory, or H2 that reclaims by itself) there is nothing to do.
     */
    public static Optional<H2SpaceReclaimer> startIfNeeded(DataSource dataSource, Duration every) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return Optional.empty();
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            if (store.getFileStore() == null || store.getAutoCommitDelay() > 0) {
                return Optional.empty();
            }
            log.info("Reclaiming space in {} every {} ms (H2 retains chunks for {} ms)", store.getFileStore().getFileName(),
                    every.toMillis(), store.getRetentionTime());
            return Optional.of(new H2SpaceReclaimer(store, every));
        } catch (SQLException e) {
            throw new IllegalStateException("could not look at the database to reclaim its space", e);
        }
    }

    private void reclaim() {
        try {
            if (store.isClosed()) {
                return;
            }
            if (store.compact(TARGET_FILL_RATE, BYTES_PER_ROUND)) {
                rewritingRounds.incrementAndGet();
            }
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (now - lastWarning >= WARN_EVERY.toNanos()) {
                lastWarning = now;
                log.warn("Could not reclaim space in the H2 file; trying again: {}", e.toString());
            }
        }
    }

    /** How many rounds so far rewrote pages out of old chunks. */
    public long rewritingRounds() {
        return rewritingRounds.get();
    }

    @Override
    public void close() {
        // Not shutdownNow: an interrupt inside H2's file I/O would close its file channel.
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
