package dev.allocation.application.port.out;

import dev.allocation.application.port.in.AllocationsView.Allocation;

import java.util.List;

/** The allocations as stored, read without loading any aggregate. */
public interface StoredAllocations {

    /** The order's allocated lines, in no particular order; empty when it has none. */
    List<Allocation> ofOrder(String orderId);
}
