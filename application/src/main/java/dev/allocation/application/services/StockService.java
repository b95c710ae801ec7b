package dev.allocation.application.services;

import dev.allocation.application.port.in.OrdersView;
import dev.allocation.application.port.in.ProductsView;
import dev.allocation.application.port.out.StoredStock;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Where an order's lines stand and what a product holds: read from what is stored, not through the bus. */
public final class StockService implements OrdersView, ProductsView {

    private final StoredStock stored;

    public StockService(StoredStock stored) {
        this.stored = Objects.requireNonNull(stored);
    }

    @Override
    public Optional<Order> order(String orderId) {
        List<Line> lines = stored.linesOfOrder(orderId).stream().sorted(Comparator.comparing(Line::sku)).toList();
        return lines.isEmpty() ? Optional.empty() : Optional.of(new Order(orderId, lines));
    }

    @Override
    public Optional<Stock> stock(String sku) {
        return stored.stockOf(sku);
    }
}
