package dev.allocation.domain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The lines of a batch made in this process: a plain list, oldest first. */
final class LineList implements AllocatedLines {

    private final List<OrderLine> lines = new ArrayList<>();

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
}
