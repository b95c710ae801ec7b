package dev.allocation.domain.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A batch's lines as a plain list, oldest first: what a new batch starts with, and what a repository
 * that holds every line in memory restores a batch with.
 */
public final class LineList implements AllocatedLines {

    private final List<OrderLine> lines;

    public LineList() {
        this.lines = new ArrayList<>();
    }

    /** A copy of {@code lines}, oldest first. */
    public LineList(Collection<OrderLine> lines) {
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

    @Override
    public void remove(OrderLine line) {
        if (!lines.remove(line)) {
            throw new NoSuchElementException(line + " is not allocated here");
        }
    }
}
