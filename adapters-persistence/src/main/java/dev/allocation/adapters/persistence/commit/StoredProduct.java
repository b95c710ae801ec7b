package dev.allocation.adapters.persistence.commit;

import java.time.LocalDate;
import java.util.List;

/**
 * A product as it stands in the database after a commit: its version, its batch rows and how many
 * lines wait, without the lines themselves (those are read on demand, see {@link AllocationRows} and
 * {@link BackorderRows}).
 *
 * @param batches in the order they were added
 */
record StoredProduct(String sku, long version, List<Row> batches, int backorderedLines, long backorderedQty) {

    StoredProduct {
        batches = List.copyOf(batches);
    }

    /** A row of {@code batches}. */
    record Row(long id, String reference, int purchasedQuantity, int allocatedQuantity, LocalDate eta) {
    }
}
