package dev.allocation.application.port.out;

import dev.allocation.application.port.in.OrdersView;
import dev.allocation.application.port.in.ProductsView;

import java.util.List;
import java.util.Optional;

/** Order lines and batches as stored, read without loading any aggregate. */
public interface StoredStock {

    /** The order's lines, allocated and waiting, in no particular order; empty when it has none. */
    List<OrdersView.Line> linesOfOrder(String orderId);

    /**
     * The product's batches in allocation preference, and its waiting lines' count and quantity;
     * empty when the SKU has no product.
     */
    Optional<ProductsView.Stock> stockOf(String sku);
}
