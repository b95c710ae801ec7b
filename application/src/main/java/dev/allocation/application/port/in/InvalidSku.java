package dev.allocation.application.port.in;

/** An order line names a SKU of which no batch was ever added. */
public final class InvalidSku extends RuntimeException {

    public InvalidSku(String sku) {
        super("Invalid sku " + sku);
    }
}
