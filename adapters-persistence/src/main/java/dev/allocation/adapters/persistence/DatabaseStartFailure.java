package dev.allocation.adapters.persistence;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Why the database refused the service at start-up, in words a user can act on: the database does
 * not exist, the login is refused, the H2 file is held by another process, nothing answers.
 */
public final class DatabaseStartFailure {

    /** H2: the database file is locked by another process. */
    private static final int H2_FILE_LOCKED = 90020;

    private DatabaseStartFailure() {
    }

    /** @return one line naming the cause and what to do, when a cause in the chain of {@code failure} is one of these */
    public static Optional<String> describe(Throwable failure, DatabaseSettings settings) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                Optional<String> database = database(sql, settings);
                if (database.isPresent()) {
                    return database;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> database(SQLException e, DatabaseSettings settings) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = firstLine(e.getMessage());
        if (e.getErrorCode() == H2_FILE_LOCKED) {
            return Optional.of("the H2 database " + where(settings.url()) + " is in use by another process"
                    + " (another instance on the same data folder?): stop it, or point DATABASE_URL at another file");
        }
        if (state.equals("3D000")) {
            return Optional.of("the database of DATABASE_URL does not exist (" + reason + "): create it, "
                    + "or point DATABASE_URL at one that does");
        }
        if (state.equals("28000") || state.equals("28P01")) {
            return Optional.of("the database refused the login" + (settings.user().isEmpty() ? "" : " of user '" + settings.user() + "'") + " (" + reason + "): "
                    + "check DATABASE_USER and DATABASE_PASSWORD");
        }
        if (state.startsWith("08")) {
            return Optional.of("cannot connect to the database " + where(settings.url()) + " (" + reason + "): "
                    + "is it running, and are its host and port right?");
        }
        return Optional.empty();
    }

    /** The URL without its settings or query, which may carry a password. */
    private static String where(String url) {
        return url.replaceFirst("[;?].*", "");
    }

    /** Drivers append details on further lines (H2 adds the SQL state and its version). */
    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        String line = message.strip().lines().findFirst().orElse("");
        int h2Details = line.indexOf(" [");
        return h2Details > 0 ? line.substring(0, h2Details) : line;
    }
}
