package dev.allocation.application.handlers;

/** An order line names a SKU of which no batch was ever added. */
public final class InvalidSku extends RuntimeException {

    public InvalidSku(String sku) {
        super("Invalid sku " + sku);
    }
}
