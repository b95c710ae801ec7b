package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.domain.events.Event;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The event history over JDBI: each read, and each batch forgotten, in a short transaction of its own. */
public final class JdbiEventHistory implements EventHistory {

    private static final String COLUMNS = "seq, event_id, event_type, payload, correlation_id, causation_id, recorded_at";
    /** Ordered by the index's leading columns, so that the index gives the order. */
    static final String OF_ORDER_SQL = "SELECT " + COLUMNS + """
             FROM event_history WHERE orderid = :orderId
            ORDER BY orderid, seq""";
    static final String OF_SKU_SQL = "SELECT " + COLUMNS + """
             FROM event_history WHERE sku = :sku AND recorded_at > :after
            ORDER BY sku, recorded_at, seq FETCH FIRST :limit ROWS ONLY""";
    /** The rest of the page's last instant. */
    static final String SAME_INSTANT_SQL = "SELECT " + COLUMNS + """
             FROM event_history WHERE sku = :sku AND recorded_at = :at AND seq > :seq
            ORDER BY sku, recorded_at, seq""";
    static final String FORGET_SQL = """
            DELETE FROM event_history WHERE seq IN (
                SELECT seq FROM event_history WHERE recorded_at < :cutoff ORDER BY recorded_at FETCH FIRST :limit ROWS ONLY)""";

    private final Jdbi jdbi;

    public JdbiEventHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private record Row(long seq, Envelope<Event> event) {
    }

    @Override
    public List<Envelope<Event>> ofOrder(String orderId) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery(OF_ORDER_SQL)
                .bind("orderId", orderId).map((rs, ctx) -> StoredDeliveries.envelope(rs)).list()));
    }

    @Override
    public List<Envelope<Event>> ofSku(String sku, Instant after, int limit) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> {
            List<Row> page = new ArrayList<>(handle.createQuery(OF_SKU_SQL).bind("sku", sku)
                    .bind("after", StoredDeliveries.utc(after)).bind("limit", limit)
                    .map((rs, ctx) -> new Row(rs.getLong("seq"), StoredDeliveries.envelope(rs))).list());
            if (page.size() == limit) {
                Row last = page.get(page.size() - 1);
                page.addAll(handle.createQuery(SAME_INSTANT_SQL).bind("sku", sku)
                        .bind("at", StoredDeliveries.utc(last.event().recordedAt())).bind("seq", last.seq())
                        .map((rs, ctx) -> new Row(rs.getLong("seq"), StoredDeliveries.envelope(rs))).list());
            }
            return page.stream().map(Row::event).toList();
        }));
    }

    @Override
    public int forgetBefore(Instant cutoff, int limit) {
        return SqlErrors.translated(null, () -> jdbi.inTransaction(handle -> handle.createUpdate(FORGET_SQL)
                .bind("cutoff", StoredDeliveries.utc(cutoff)).bind("limit", limit).execute()));
    }
}
