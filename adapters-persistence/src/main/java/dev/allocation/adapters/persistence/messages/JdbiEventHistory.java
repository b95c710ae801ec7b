package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.domain.events.Event;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The event history over JDBI: each read, and each batch forgotten, in a short transaction of its own. */
public final class JdbiEventHistory implements EventHistory {

    private static final String COLUMNS = "seq, event_id, event_type, payload, correlation_id, causation_id, traceparent, tracestate, recorded_at";
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
    /**
     * The order of recording (seq) and the recorded times agree but for the length of a commit: a
     * position found for a time with this much slack bounds a range by the primary key alone, so
     * that no index on the time is kept (each index costs every commit).
     */
    static final Duration SLACK = Duration.ofMinutes(1);
    static final String EXTENT_SQL = "SELECT MIN(seq) AS first, MAX(seq) AS last FROM event_history";
    static final String AT_OR_AFTER_SQL = """
            SELECT seq, recorded_at FROM event_history WHERE seq >= :position ORDER BY seq FETCH FIRST 1 ROWS ONLY""";
    static final String BETWEEN_SQL = "SELECT " + COLUMNS + """
             FROM event_history WHERE seq > :after AND seq < :before AND recorded_at >= :from AND recorded_at < :to
            ORDER BY seq FETCH FIRST :limit ROWS ONLY""";
    static final String SKU_BETWEEN_SQL = "SELECT " + COLUMNS + """
             FROM event_history WHERE sku = :sku AND recorded_at >= :from AND recorded_at < :to AND seq > :after
            ORDER BY seq FETCH FIRST :limit ROWS ONLY""";
    static final String FORGET_SQL = """
            DELETE FROM event_history WHERE seq IN (
                SELECT seq FROM event_history WHERE seq < :before AND recorded_at < :cutoff ORDER BY seq FETCH FIRST :limit ROWS ONLY)""";

    private final Jdbi jdbi;

    public JdbiEventHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @param event null where only the position and time are read */
    private record Row(long seq, Envelope<Event> event, Instant recordedAt) {

        Row(long seq, Envelope<Event> event) {
            this(seq, event, event.recordedAt());
        }
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
    public List<Stored> recordedBetween(Instant from, Instant to, Optional<String> sku, long afterPosition, int limit) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> {
            if (sku.isPresent()) {
                return handle.createQuery(SKU_BETWEEN_SQL).bind("sku", sku.get()).bind("from", StoredDeliveries.utc(from))
                        .bind("to", StoredDeliveries.utc(to)).bind("after", afterPosition).bind("limit", limit)
                        .map((rs, ctx) -> new Stored(rs.getLong("seq"), StoredDeliveries.envelope(rs))).list();
            }
            long after = Math.max(afterPosition, position(handle, from.minus(SLACK)) - 1);
            long before = position(handle, to.plus(SLACK));
            return handle.createQuery(BETWEEN_SQL).bind("after", after).bind("before", before)
                    .bind("from", StoredDeliveries.utc(from)).bind("to", StoredDeliveries.utc(to)).bind("limit", limit)
                    .map((rs, ctx) -> new Stored(rs.getLong("seq"), StoredDeliveries.envelope(rs))).list();
        }));
    }

    /**
     * Where the events recorded from {@code at} on begin: the least position whose next event was
     * recorded at or after it, found by bisecting the primary key; past the last event when none was.
     */
    static long position(Handle handle, Instant at) {
        Long[] extent = handle.createQuery(EXTENT_SQL)
                .map((rs, ctx) -> new Long[] {rs.getObject("first", Long.class), rs.getObject("last", Long.class)}).one();
        if (extent[0] == null) {
            return 0;
        }
        long low = extent[0];
        long high = extent[1] + 1;
        while (low < high) {
            long middle = low + (high - low) / 2;
            Optional<Row> next = handle.createQuery(AT_OR_AFTER_SQL).bind("position", middle)
                    .map((rs, ctx) -> new Row(rs.getLong("seq"), null, rs.getObject("recorded_at", OffsetDateTime.class).toInstant()))
                    .findOne();
            if (next.isEmpty() || next.get().seq() >= high || !next.get().recordedAt().isBefore(at)) {
                high = middle;
            } else {
                low = next.get().seq() + 1;
            }
        }
        return high;
    }

    @Override
    public int forgetBefore(Instant cutoff, int limit) {
        return SqlErrors.translated(null, () -> jdbi.inTransaction(handle -> handle.createUpdate(FORGET_SQL)
                .bind("before", position(handle, cutoff.plus(SLACK))).bind("cutoff", StoredDeliveries.utc(cutoff))
                .bind("limit", limit).execute()));
    }
}
