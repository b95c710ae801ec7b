package dev.allocation.adapters.persistence;

import dev.allocation.domain.model.AllocatedLines;
import dev.allocation.domain.model.OrderLine;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The lines of a stored batch, read only when the model asks about them, and the changes the unit of
 * work must write: the lines added, and the stored lines taken back.
 */
final class StoredLines implements AllocatedLines {

    private final long batchId;
    private final StoredOrderLines stored;
    private final List<OrderLine> added = new ArrayList<>();
    private final List<Long> removedIds = new ArrayList<>();
    /** Stored lines are taken back newest first, so all those below this id are still here. */
    private long oldestRemovedId = Long.MAX_VALUE;

    StoredLines(long batchId, StoredOrderLines stored) {
        this.batchId = batchId;
        this.stored = stored;
    }

    long batchId() {
        return batchId;
    }

    List<OrderLine> added() {
        return added;
    }

    List<Long> removedIds() {
        return removedIds;
    }

    @Override
    public Optional<OrderLine> find(String orderId) {
        for (OrderLine line : added) {
            if (line.orderId().equals(orderId)) {
                return Optional.of(line);
            }
        }
        return stored.find(orderId)
                .filter(row -> row.batchId() == batchId && row.id() < oldestRemovedId)
                .map(StoredOrderLines.Row::line);
    }

    @Override
    public void add(OrderLine line) {
        added.add(line);
    }

    @Override
    public OrderLine removeLatest() {
        if (!added.isEmpty()) {
            return added.remove(added.size() - 1);
        }
        StoredOrderLines.Row row = stored.latest(batchId, oldestRemovedId)
                .orElseThrow(() -> new NoSuchElementException("no allocated line to take back"));
        removedIds.add(row.id());
        oldestRemovedId = row.id();
        return row.line();
    }
}
