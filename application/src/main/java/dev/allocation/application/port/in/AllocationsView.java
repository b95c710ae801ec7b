package dev.allocation.application.port.in;

import java.util.List;

/** The read side: where an order's lines are allocated now, without loading any aggregate. */
public interface AllocationsView {

    /** The order's allocations sorted by SKU; empty when it has none. */
    List<Allocation> allocationsFor(String orderId);

    record Allocation(String sku, String batchRef) {
    }
}
