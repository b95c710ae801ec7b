package dev.allocation.application.port.in;

import java.util.List;
import java.util.Optional;

/** The read side of orders: every line of an order and where it stands, without loading any aggregate. */
public interface OrdersView {

    /** The order's lines sorted by SKU; empty when it has none. */
    Optional<Order> order(String orderId);

    record Order(String orderId, List<Line> lines) {

        public Order {
            lines = List.copyOf(lines);
        }
    }

    /** @param batchRef the batch that holds the line; null while it waits */
    record Line(String sku, int qty, Status status, String batchRef) {
    }

    enum Status {
        ALLOCATED,
        BACKORDERED
    }
}
