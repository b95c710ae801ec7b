package dev.allocation.application.port.in;

/**
 * A command kept colliding with other changes of its product until its retry budget ran out. Rare
 * (the bus retries for up to a few seconds); the client may simply send it again.
 */
public final class TooManyConflicts extends RuntimeException {

    private final String sku;

    public TooManyConflicts(String sku, String message, Throwable cause) {
        super(message, cause);
        this.sku = sku;
    }

    /** The product in contention, or null when the database did not say. */
    public String sku() {
        return sku;
    }
}
