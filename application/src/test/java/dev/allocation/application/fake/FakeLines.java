package dev.allocation.application.fake;

import dev.allocation.domain.model.AllocatedLines;
import dev.allocation.domain.model.OrderLine;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** A stored batch's lines as a unit of work of the fake reads them: its own copy. */
final class FakeLines implements AllocatedLines {

    private final List<OrderLine> lines;

    FakeLines(List<OrderLine> stored) {
        this.lines = new ArrayList<>(stored);
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
}
