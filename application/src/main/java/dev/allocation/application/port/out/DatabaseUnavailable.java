package dev.allocation.application.port.out;

/**
 * The database did not answer: no connection within the pool's wait, or the connection broke.
 * Nothing was committed; the same request may succeed once it is back.
 */
public final class DatabaseUnavailable extends RuntimeException {

    public DatabaseUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
