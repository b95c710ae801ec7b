package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The pool of an embedded H2 file. Its close, the last step of a clean stop, first copies the file's
 * live data into a new file ({@code SHUTDOWN COMPACT}) when the file is not small, at least a quarter
 * of it is dead, and the live data is small enough to copy within a stop's grace period.
 *
 * <p>Under load the file holds several times its live data: H2 frees a chunk only once every page in
 * it is dead, and the time a close may spend compacting in place ({@code MAX_COMPACT_TIME}) moves
 * little of a large file. The copy costs time in proportion to the live data, not to the file. It is
 * safe to kill: H2 writes the copy beside the file and renames it over the file only when it is
 * complete (a copy left by a kill is deleted when the file is next opened), and the copy's writes are
 * synced like every other ({@link DsyncFiles}).
 */
final class H2FilePool extends HikariDataSource {

    private static final Logger log = LoggerFactory.getLogger(H2FilePool.class);

    /**
     * Below this share of live data in the file, as H2 estimates it, a clean stop compacts it. The copy
     * is also compressed, so it comes out smaller than the estimate says.
     */
    static final int MOST_LIVE_PERCENT_TO_COMPACT = 75;

    /**
     * Above this much live data, as H2 estimates it, a clean stop does not copy the file: the copy's
     * time follows the live data, and a stop must end within the grace period that orchestrators give
     * (often 30 s). Such a file gets H2's compaction in place, as any close does.
     */
    static final long MOST_LIVE_BYTES_TO_COMPACT = 512L << 20;

    /**
     * A file smaller than this is left as it is: what a copy could give back is not worth the work and
     * the log lines at every stop of a young or idle database.
     */
    static final long LEAST_FILE_BYTES_TO_COMPACT = 16L << 20;

    H2FilePool(HikariConfig config) {
        super(config);
    }

    @Override
    public void close() {
        if (!isClosed()) {
            compactIfAQuarterIsDead();
        }
        super.close();
    }

    private void compactIfAQuarterIsDead() {
        Connection connection = null;
        try {
            connection = getConnection();
            try (Statement statement = connection.createStatement()) {
                Map<String, Long> info = storeInfo(statement);
                long fileBytes = info.getOrDefault("info.FILE_SIZE", 0L);
                // The share of the file that chunks take up, times the share of live pages in the chunks.
                long livePercent = info.getOrDefault("info.FILL_RATE", 100L) * info.getOrDefault("info.CHUNKS_FILL_RATE", 100L) / 100;
                if (!worthCopying(fileBytes, livePercent)) {
                    return;
                }
                log.info("Compacting the H2 file at stop: {} MiB, about {}% of it live", fileBytes >> 20, livePercent);
                long started = System.nanoTime();
                statement.execute("SHUTDOWN COMPACT");
                log.info("Compacted the H2 file in {} ms", (System.nanoTime() - started) / 1_000_000);
                // Its session is gone with the database: the pool drops it rather than reset it.
                evictConnection(connection);
                connection = null;
            }
        } catch (SQLException | RuntimeException e) {
            // The file stays as it is, every commit in it: the next start opens it as after any stop.
            log.warn("Could not compact the H2 file at stop: {}", e.getMessage());
        } finally {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.debug("Could not return a connection at stop", e);
                }
            }
        }
    }

    /** Whether a file of this size, this much of it live, is copied into a new one at a clean stop. */
    static boolean worthCopying(long fileBytes, long livePercent) {
        return fileBytes >= LEAST_FILE_BYTES_TO_COMPACT && livePercent < MOST_LIVE_PERCENT_TO_COMPACT
                && fileBytes / 100 * livePercent <= MOST_LIVE_BYTES_TO_COMPACT;
    }

    private static Map<String, Long> storeInfo(Statement statement) throws SQLException {
        Map<String, Long> info = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.FILL_RATE', 'info.CHUNKS_FILL_RATE')")) {
            while (rows.next()) {
                info.put(rows.getString(1), Long.parseLong(rows.getString(2).trim()));
            }
        }
        return info;
    }
}
