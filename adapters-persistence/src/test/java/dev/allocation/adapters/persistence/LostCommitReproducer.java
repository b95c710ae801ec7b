package dev.allocation.adapters.persistence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;

/**
 * H2's own behaviour, in plain JDBC and nothing of the service: does a commit that has returned
 * survive the death of the process? After each commit it copies the database file, which is what
 * a {@code kill -9} leaves (the kernel holds every write made before it), and opens the copy.
 *
 * <p>Rows of varied size, and the old ones deleted, so that chunks die, their space is reused and
 * chunk sizes vary. {@code RETENTION_TIME=0} reuses space at once rather than after 45 s.
 * Run it with any H2 on the class path; it prints {@code missing <m> of <n> <h2 version>}.
 * Arguments: a folder, the number of commits.
 */
public final class LostCommitReproducer {

    private LostCommitReproducer() {
    }

    public static void main(String[] args) throws SQLException, java.io.IOException {
        Path folder = Path.of(args[0]);
        int commits = Integer.parseInt(args[1]);
        Random random = new Random(42);
        int missing = 0;
        String url = "jdbc:h2:file:" + folder.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0;RETENTION_TIME=0";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("CREATE TABLE lines (id BIGINT PRIMARY KEY, body VARCHAR)");
            connection.setAutoCommit(false);
            PreparedStatement insert = connection.prepareStatement("INSERT INTO lines VALUES (?, ?)");
            PreparedStatement delete = connection.prepareStatement("DELETE FROM lines WHERE id < ?");
            for (long n = 1; n <= commits; n++) {
                insert.setLong(1, n);
                insert.setString(2, "x".repeat(random.nextInt(20_000)));
                insert.executeUpdate();
                delete.setLong(1, n - 20);
                delete.executeUpdate();
                connection.commit();
                if (newestIn(copyOf(folder, n)) != n) {
                    missing++;
                }
            }
        }
        System.out.println("missing " + missing + " of " + commits + " " + org.h2.engine.Constants.FULL_VERSION);
    }

    private static Path copyOf(Path folder, long n) throws java.io.IOException {
        Path copy = folder.resolve("copy-" + n);
        Files.copy(folder.resolve("db.mv.db"), Path.of(copy + ".mv.db"));
        return copy;
    }

    /** Opens the copy as H2 opens a file after a crash, and reads the newest row. */
    private static long newestIn(Path copy) throws SQLException, java.io.IOException {
        try (Connection reopened = DriverManager.getConnection("jdbc:h2:file:" + copy.toAbsolutePath() + ";ACCESS_MODE_DATA=r", "sa", "");
             ResultSet newest = reopened.createStatement().executeQuery("SELECT MAX(id) FROM lines")) {
            newest.next();
            return newest.getLong(1);
        } finally {
            Files.deleteIfExists(Path.of(copy + ".mv.db"));
        }
    }
}
