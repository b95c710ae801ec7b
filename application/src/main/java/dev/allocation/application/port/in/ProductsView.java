package dev.allocation.application.port.in;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The read side of products: what each batch holds and what waits, without loading any aggregate. */
public interface ProductsView {

    /** The product's stock; empty when no batch of the SKU was ever added. */
    Optional<Stock> stock(String sku);

    /**
     * @param batches     in allocation preference: warehouse stock first, then by ETA, ties in the order added
     * @param backordered the lines waiting for stock
     */
    record Stock(String sku, List<BatchStock> batches, Waiting backordered) {

        public Stock {
            batches = List.copyOf(batches);
        }

        /** What the batches have left, together. */
        public long available() {
            return batches.stream().mapToLong(BatchStock::available).sum();
        }
    }

    /** @param eta null for stock in the warehouse */
    record BatchStock(String ref, LocalDate eta, int purchased, int allocated) {

        public int available() {
            return purchased - allocated;
        }
    }

    record Waiting(int lines, long qty) {
    }
}
