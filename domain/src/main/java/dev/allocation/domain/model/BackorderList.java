package dev.allocation.domain.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Waiting lines held in memory, oldest first: what a new product starts with, and what a repository holding every line in memory restores. */
public final class BackorderList implements Backorders {

    private final Map<String, OrderLine> byOrder = new LinkedHashMap<>();
    private long quantity;

    public BackorderList() {
    }

    /** A copy of {@code lines}, oldest first. */
    public BackorderList(Collection<OrderLine> lines) {
        lines.forEach(this::add);
    }

    @Override
    public int lines() {
        return byOrder.size();
    }

    @Override
    public long quantity() {
        return quantity;
    }

    @Override
    public Optional<OrderLine> find(String orderId) {
        return Optional.ofNullable(byOrder.get(orderId));
    }

    @Override
    public void add(OrderLine line) {
        if (byOrder.putIfAbsent(line.orderId(), line) != null) {
            throw new IllegalStateException("order " + line.orderId() + " already waits for " + line.sku());
        }
        quantity += line.qty();
    }

    @Override
    public void remove(OrderLine line) {
        if (!byOrder.remove(line.orderId(), line)) {
            throw new IllegalStateException(line + " is not waiting");
        }
        quantity -= line.qty();
    }

    @Override
    public Iterable<OrderLine> oldestFirst(int maxQty) {
        return byOrder.values().stream().filter(line -> line.qty() <= maxQty).toList();
    }

    /** The waiting lines, oldest first. */
    public List<OrderLine> all() {
        return List.copyOf(byOrder.values());
    }
}
