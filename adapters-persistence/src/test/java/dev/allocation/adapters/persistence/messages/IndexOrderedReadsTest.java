package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.H2QueryPlans;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relays take the oldest rows of a long backlog a batch at a time, and the history is read a page
 * at a time: H2 must read them in index order and stop at the limit. Sorting all of them instead made
 * each batch cost the whole backlog.
 */
class IndexOrderedReadsTest {

    @Test
    void theOutboxsNextBatchIsReadInIndexOrder() {
        assertThat(H2QueryPlans.explain(JdbiOutbox.NEXT_SQL, Map.of("destination", "rabbitmq", "lane", 3, "limit", 200)))
                .contains("OUTGOING_PUBLICATIONS_BY_LANE").contains("/* index sorted */");
    }

    @Test
    void aSequencesPendingDeliveriesAreReadInIndexOrder() {
        assertThat(H2QueryPlans.explain(JdbiDeliveries.PENDING_OF_SQL,
                Map.of("handler", "h", "sku", "s", "now", OffsetDateTime.now(), "limit", 100)))
                .contains("EVENT_DELIVERIES_IN_SEQUENCE").contains("/* index sorted */");
    }

    @Test
    void aSkusAndAnOrdersHistoryAreReadInIndexOrder() {
        assertThat(H2QueryPlans.explain(JdbiEventHistory.OF_SKU_SQL,
                Map.of("sku", "s", "after", OffsetDateTime.now(), "limit", 100)))
                .contains("EVENT_HISTORY_OF_SKU").contains("/* index sorted */");
        assertThat(H2QueryPlans.explain(JdbiEventHistory.OF_ORDER_SQL, Map.of("orderId", "o")))
                .contains("EVENT_HISTORY_OF_ORDER").contains("/* index sorted */");
    }

    /** Time ranges are bounded by bisecting the primary key: every step a lookup, and every batch read in its order. */
    @Test
    void aTimeRangeIsFoundAndReadOnThePrimaryKey() {
        OffsetDateTime now = OffsetDateTime.now();
        assertThat(H2QueryPlans.explain(JdbiEventHistory.EXTENT_SQL, Map.of())).contains("/* direct lookup */");
        assertThat(H2QueryPlans.explain(JdbiEventHistory.AT_OR_AFTER_SQL, Map.of("position", 10L)))
                .contains("PRIMARY_KEY").contains("/* index sorted */");
        assertThat(H2QueryPlans.explain(JdbiEventHistory.BETWEEN_SQL,
                Map.of("after", 1L, "before", 10L, "from", now, "to", now, "limit", 100)))
                .contains("PRIMARY_KEY").contains("/* index sorted */");
        assertThat(H2QueryPlans.explain(JdbiEventHistory.FORGET_SQL, Map.of("before", 10L, "cutoff", now, "limit", 100)))
                .contains("PRIMARY_KEY").contains("/* index sorted */");
    }
}
