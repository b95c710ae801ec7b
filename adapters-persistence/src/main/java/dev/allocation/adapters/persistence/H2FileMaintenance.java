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
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an H2 file from growing without bound. H2 rewrites half-empty chunks of its file from a
 * background writer, but with {@code WRITE_DELAY=0} (durable commits) that writer never runs, and
 * every commit leaves a few kilobytes of a chunk alive: under load the file grew by hundreds of
 * megabytes a minute. This task does the writer's compaction on a schedule instead.
 */
public final class H2FileMaintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2FileMaintenance.class);
    /** Chunks less full than this are rewritten. */
    private static final int TARGET_FILL_RATE = 90;
    /** At most this much is rewritten per round, so one round stays short. */
    private static final int WRITE_LIMIT_BYTES = 16 * 1024 * 1024;

    private final ScheduledExecutorService scheduler;

    private H2FileMaintenance(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts compaction rounds for an H2 file database; for any other database it does nothing. */
    public static H2FileMaintenance start(DataSource dataSource, DatabaseSettings settings, Duration every) {
        String url = settings.url().toUpperCase(Locale.ROOT);
        if (!settings.isH2() || url.startsWith("JDBC:H2:MEM:") || url.startsWith("JDBC:H2:TCP:") || url.startsWith("JDBC:H2:SSL:")) {
            return new H2FileMaintenance(null);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "h2-file-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> compact(dataSource), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new H2FileMaintenance(scheduler);
    }

    /** One round: rewrites the sparsest chunks so that their space can be reused. */
    static void compact(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            MVStore store = session.getDatabase().getStore().getMvStore();
            store.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES);
        } catch (SQLException | RuntimeException e) {
            log.warn("H2 file compaction failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
