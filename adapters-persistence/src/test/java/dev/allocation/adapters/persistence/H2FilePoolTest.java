package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A clean stop leaves an H2 file that is mostly dead space at its live data, every row in it. */
class H2FilePoolTest {

    private static final int ROWS = 6_000;
    /** Text that does not compress, so that the copy's compression is not what makes it small. */
    private static final String PADDING = new Random(7).ints(100, 0, 1 << 20).mapToObj(Integer::toString).collect(Collectors.joining());

    @TempDir
    Path folder;

    @Test
    void aFileMostlyOfDeadSpaceIsCopiedIntoOneOfItsLiveDataAtClose() throws Exception {
        DatabaseSettings settings = withoutCompactionInPlace(folder);
        Path file = folder.resolve("allocation.mv.db");
        try (HikariDataSource pool = DataSources.pooled(settings)) {
            assertThat(pool).isInstanceOf(H2FilePool.class);
            try (Connection connection = pool.getConnection()) {
                write(connection, 0);
                for (int round = 1; round <= 6; round++) {
                    write(connection, round);
                }
                assertThat(livePercent(connection)).as("the file is mostly dead space before the stop").isLessThan(H2FilePool.MOST_LIVE_PERCENT_TO_COMPACT);
                assertThat(Files.size(file)).as("the file is not too small to copy").isGreaterThanOrEqualTo(H2FilePool.LEAST_FILE_BYTES_TO_COMPACT);
            }
        }
        long compacted = Files.size(file);

        try (HikariDataSource pool = DataSources.pooled(settings); Connection connection = pool.getConnection()) {
            assertThat(lastRound(connection)).as("every row, as last written").containsOnly(6);
        }
        // For scale: the same rows written once, into a file with little to drop.
        Path fresh = folder.resolve("fresh");
        try (HikariDataSource pool = DataSources.pooled(withoutCompactionInPlace(fresh)); Connection connection = pool.getConnection()) {
            write(connection, 6);
        }
        assertThat(compacted).as("the compacted file, against one holding the same rows written once")
                .isLessThanOrEqualTo(Files.size(fresh.resolve("allocation.mv.db")) * 3 / 2);
    }

    @Test
    void aFileMostlyOfLiveDataIsLeftInPlace() throws Exception {
        DatabaseSettings settings = TestDatabase.h2Settings(folder);
        Path file = folder.resolve("allocation.mv.db");
        Object before;
        try (HikariDataSource pool = DataSources.pooled(settings)) {
            try (Connection connection = pool.getConnection()) {
                write(connection, 0);
                before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                assertThat(livePercent(connection)).isGreaterThanOrEqualTo(H2FilePool.MOST_LIVE_PERCENT_TO_COMPACT);
            }
        }
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).as("the same file, not a copy").isEqualTo(before);
        try (HikariDataSource pool = DataSources.pooled(settings); Connection connection = pool.getConnection()) {
            assertThat(lastRound(connection)).containsOnly(0);
        }
    }

    @Test
    void aFileIsCopiedOnlyWhenNotSmallAQuarterDeadAndItsLiveDataFitsAStop() {
        long mib = 1 << 20;
        assertThat(H2FilePool.worthCopying(800 * mib, 51)).as("790 MiB after ten minutes of full load").isTrue();
        assertThat(H2FilePool.worthCopying(800 * mib, 75)).as("three quarters live").isFalse();
        assertThat(H2FilePool.worthCopying(4096 * mib, 20)).as("800 MiB of live data").isFalse();
        assertThat(H2FilePool.worthCopying(2048 * mib, 25)).as("512 MiB of live data").isTrue();
        assertThat(H2FilePool.worthCopying(0, 0)).as("no file").isFalse();
        assertThat(H2FilePool.worthCopying(mib, 40)).as("a young database's file").isFalse();
        assertThat(H2FilePool.worthCopying(16 * mib, 40)).as("the smallest file worth a copy").isTrue();
    }

    /**
     * A close here has no time to compact the file in place ({@code MAX_COMPACT_TIME=0}): a small file
     * is compacted in place within the 2 s a close has by default, which would hide the copy.
     */
    private static DatabaseSettings withoutCompactionInPlace(Path folder) {
        DatabaseSettings settings = TestDatabase.h2Settings(folder);
        return new DatabaseSettings(settings.url() + ";MAX_COMPACT_TIME=0", settings.user(), settings.password(),
                settings.poolSize(), settings.groupCommit());
    }

    /** Round 0 inserts the rows; each later round rewrites every one of them, in commits of 500. */
    private static void write(Connection connection, int round) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS filler (id INT PRIMARY KEY, round INT NOT NULL, text VARCHAR(4000) NOT NULL)");
        }
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement("MERGE INTO filler (id, round, text) KEY (id) VALUES (?, ?, ?)")) {
            for (int id = 0; id < ROWS; id++) {
                statement.setInt(1, id);
                statement.setInt(2, round);
                statement.setString(3, round + PADDING + id);
                statement.addBatch();
                if (id % 500 == 499) {
                    statement.executeBatch();
                    connection.commit();
                }
            }
        }
        connection.setAutoCommit(true);
    }

    private static List<Integer> lastRound(Connection connection) throws SQLException {
        List<Integer> rounds = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT round, text, id FROM filler ORDER BY id")) {
            int expected = 0;
            while (rows.next()) {
                assertThat(rows.getInt(3)).isEqualTo(expected++);
                assertThat(rows.getString(2)).isEqualTo(rows.getInt(1) + PADDING + rows.getInt(3));
                rounds.add(rows.getInt(1));
            }
        }
        assertThat(rounds).hasSize(ROWS);
        return rounds;
    }

    private static long livePercent(Connection connection) throws SQLException {
        // Let H2's background writer store what is unsaved, so that its figures count it.
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
            try (ResultSet rows = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME IN ('info.FILL_RATE', 'info.CHUNKS_FILL_RATE')")) {
                long percent = 100;
                while (rows.next()) {
                    percent = percent * Long.parseLong(rows.getString(2).trim()) / 100;
                }
                return percent;
            }
        }
    }
}
