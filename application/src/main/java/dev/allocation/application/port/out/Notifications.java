package dev.allocation.application.port.out;

/** Tells people about things they must act on. */
public interface Notifications {

    /** Nothing in stock can take an order line of this SKU. */
    void outOfStock(String sku);
}
