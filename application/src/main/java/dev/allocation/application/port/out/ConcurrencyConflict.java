package dev.allocation.application.port.out;

/**
 * Another unit of work changed the same product first, so this one's decisions rest on stale data.
 * The message bus answers it by running the handler again on fresh state.
 */
public class ConcurrencyConflict extends RuntimeException {

    private final String sku;

    public ConcurrencyConflict(String sku, String message) {
        super(message);
        this.sku = sku;
    }

    public ConcurrencyConflict(String sku, String message, Throwable cause) {
        super(message, cause);
        this.sku = sku;
    }

    /** The product in conflict, when it is known. */
    public String sku() {
        return sku;
    }
}
