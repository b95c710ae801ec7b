package dev.allocation.domain.model;

/** An order line names a SKU of which no batch was ever added. */
public final class InvalidSku extends Refusal {

    public InvalidSku(String sku) {
        super(Kind.INVALID, "Invalid sku " + sku);
    }
}
