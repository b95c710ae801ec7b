package dev.allocation.adapters.persistence;

import dev.allocation.application.port.out.DatabaseUnavailable;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes an H2 commit durable before it returns, as PostgreSQL's is.
 *
 * <p>H2's own commit does not write while its background writer runs: it leaves the chunk to that
 * writer, a moment later. The background writer is kept because it also reclaims file space; without
 * it the file grows with every commit. So after a commit the store's unsaved changes, this commit's
 * among them, are written now as one chunk ({@link MVStore#commit()}), unless a store already under
 * way holds them, which is then awaited through the version of the last chunk written. Concurrent
 * commits share chunks: H2 skips a store when another began meanwhile. As every write goes to stable
 * storage before it returns ({@link DsyncFiles}), a written chunk is a durable one.
 *
 * <p>PostgreSQL's commits and H2's in-memory databases pass through untouched.
 */
final class H2Durability {

    /** The longest a commit waits for its chunk before the database is taken as unavailable. */
    static final Duration MOST_WAIT = Duration.ofSeconds(10);

    /** Found at the first commit: the H2 file's store, or empty for any other database (nothing to do). */
    private volatile Optional<MVStore> store;

    /** Returns once what {@code connection} has committed is written. */
    void awaitDurable(Connection connection) {
        Optional<MVStore> found = store == null ? (store = storeOf(connection)) : store;
        if (found.isEmpty()) {
            return;
        }
        MVStore mvStore = found.get();
        FileStore<?> file = mvStore.getFileStore();
        long stored = mvStore.commit();
        // Nothing left unsaved: a store already under way holds this commit, as the current version's chunk.
        long target = stored > 0 ? stored : mvStore.getCurrentVersion();
        long deadline = System.nanoTime() + MOST_WAIT.toNanos();
        while (file.lastChunkVersion() < target) {
            if (mvStore.getPanicException() != null || mvStore.isClosed()) {
                throw new DatabaseUnavailable("The database is not available: its store is closed", mvStore.getPanicException());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new DatabaseUnavailable("The database did not write a commit within " + MOST_WAIT.toSeconds() + " s", null);
            }
            LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(20));
        }
    }

    private static Optional<MVStore> storeOf(Connection connection) {
        try {
            if (connection.isWrapperFor(JdbcConnection.class)
                    && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
                MVStore mvStore = session.getDatabase().getStore().getMvStore();
                return mvStore.getFileStore() == null ? Optional.empty() : Optional.of(mvStore);
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseUnavailable("The database is not available: " + e.getMessage(), e);
        }
    }
}
