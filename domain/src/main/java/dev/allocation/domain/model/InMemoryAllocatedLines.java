package dev.allocation.domain.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The plain list every new batch starts with. */
public final class InMemoryAllocatedLines implements AllocatedLines {

    private final List<OrderLine> lines;

    public InMemoryAllocatedLines() {
        this.lines = new ArrayList<>();
    }

    /** Lines oldest first. */
    public InMemoryAllocatedLines(Collection<OrderLine> lines) {
        this.lines = new ArrayList<>(lines);
    }

    @Override
    public Optional<OrderLine> find(String orderId) {
        return lines.stream().filter(line -> line.orderId().equals(orderId)).findFirst();
    }

    @Override
    public void add(OrderLine line) {
        lines.add(line);
    }

    @Override
    public OrderLine removeLatest() {
        if (lines.isEmpty()) {
            throw new NoSuchElementException("no allocated line to take back");
        }
        return lines.remove(lines.size() - 1);
    }

    /** A read-only view, oldest first. */
    public List<OrderLine> lines() {
        return Collections.unmodifiableList(lines);
    }
}
