package dev.allocation.adapters.persistence.commit;

import java.time.LocalDate;
import java.util.List;

/**
 * A product as it stands in the database after a commit: its version and its batch rows, without
 * their lines (those are read on demand, see {@link AllocationRows}).
 *
 * @param batches in the order they were added
 */
record StoredProduct(String sku, long version, List<Row> batches) {

    StoredProduct {
        batches = List.copyOf(batches);
    }

    /** A row of {@code batches}. */
    record Row(long id, String reference, int purchasedQuantity, int allocatedQuantity, LocalDate eta) {
    }
}
