package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.H2QueryPlans;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fill walks a SKU's waiting lines a page at a time, and a shrink takes back a batch's latest lines
 * one by one: H2 must read them in index order and stop at the limit, whatever their number.
 */
class IndexOrderedReadsTest {

    @Test
    void aPageOfWaitingLinesIsReadInIndexOrder() {
        assertThat(H2QueryPlans.explain(BackorderRows.PAGE_SQL, Map.of("sku", "s", "after", 0L, "maxQty", 10)))
                .contains("BACKORDERS_OLDEST_OF_SKU").contains("/* index sorted */");
    }

    @Test
    void aBatchsLatestAllocationIsReadInIndexOrder() {
        assertThat(H2QueryPlans.explain(AllocationRows.LATEST_SQL, Map.of("batchId", 1L, "beforeId", 100L)))
                .contains("ALLOCATIONS_LATEST_OF_BATCH").contains("/* index sorted */");
    }
}
