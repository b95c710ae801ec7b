package dev.allocation.application.services;

import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.out.StoredAllocations;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Where an order's lines are allocated now: read from the stored allocations, not through the bus. */
public final class AllocationsService implements AllocationsView {

    private final StoredAllocations stored;

    public AllocationsService(StoredAllocations stored) {
        this.stored = Objects.requireNonNull(stored);
    }

    @Override
    public List<Allocation> allocationsFor(String orderId) {
        return stored.ofOrder(orderId).stream().sorted(Comparator.comparing(Allocation::sku)).toList();
    }
}
