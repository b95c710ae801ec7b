package dev.allocation.adapters.persistence.sql;

import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.DatabaseUnavailable;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Recognises the database errors the layers above act on: "another transaction got there first",
 * which the message bus retries, so it must reach it as a {@link ConcurrencyConflict}; and "the
 * database does not answer", which becomes {@link DatabaseUnavailable} (a 503, a message kept for later).
 */
public final class SqlErrors {

    private static final String UNIQUE_VIOLATION = "23505";
    /** Unique violation, serialization failure (also H2's deadlock), PostgreSQL's deadlock. */
    private static final Set<String> STATES = Set.of("23505", "40001", "40P01");
    /** H2: concurrent update of a row, lock timeout. */
    private static final Set<Integer> H2_CODES = Set.of(90131, 50200);

    /**
     * H2: the connection is broken (90067), the database is closed (90098) or closing (90121).
     * PostgreSQL's and the pool's are SQL states of class 08, or 57P01 to 57P03 (shutting down).
     */
    private static final Set<Integer> H2_UNAVAILABLE = Set.of(90067, 90098, 90121);
    private static final Set<String> SHUTTING_DOWN = Set.of("57P01", "57P02", "57P03");

    private SqlErrors() {
    }

    /** Runs SQL, turning what the layers above act on into their exceptions; anything else is left as it is. */
    public static <T> T translated(String sku, Supplier<T> work) {
        try {
            return work.get();
        } catch (ConcurrencyConflict | DatabaseUnavailable known) {
            throw known;
        } catch (RuntimeException e) {
            if (isUnavailable(e)) {
                throw new DatabaseUnavailable("The database is not available: " + rootMessage(e), e);
            }
            if (isConflict(e)) {
                throw new ConcurrencyConflict(sku, "The transaction conflicted with another one"
                        + (sku == null ? "" : " on product " + sku), e);
            }
            throw e;
        }
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                    || SHUTTING_DOWN.contains(sql.getSQLState()) || H2_UNAVAILABLE.contains(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** A unique key is taken, by a row that is committed: waiting and reading again would not change that. */
    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isConflict(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && (STATES.contains(sql.getSQLState()) || H2_CODES.contains(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }
}
