package dev.allocation.adapters.persistence;

import java.sql.SQLException;
import java.util.Set;

/**
 * Recognises the database errors that mean "another transaction got there first": the message bus
 * retries those, so they must reach it as a {@link dev.allocation.application.port.out.ConcurrencyConflict}.
 */
final class SqlConflicts {

    private static final String UNIQUE_VIOLATION = "23505";
    /** Unique violation, serialization failure (also H2's deadlock), PostgreSQL's deadlock. */
    private static final Set<String> STATES = Set.of("23505", "40001", "40P01");
    /** H2: concurrent update of a row, lock timeout. */
    private static final Set<Integer> H2_CODES = Set.of(90131, 50200);

    private SqlConflicts() {
    }

    /** A unique key is taken, by a row that is committed: waiting and reading again would not change that. */
    static boolean isUniqueViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static boolean isConflict(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && (STATES.contains(sql.getSQLState()) || H2_CODES.contains(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }
}
