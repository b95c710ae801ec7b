package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.port.in.DeliveryAdmin.Attempt;
import dev.allocation.application.port.in.DeliveryAdmin.Counts;
import dev.allocation.application.port.in.DeliveryAdmin.Entry;
import dev.allocation.application.port.in.DeliveryAdmin.Filter;
import dev.allocation.application.port.in.DeliveryAdmin.State;
import dev.allocation.application.port.out.DeliveryRecords;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.Update;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The operator's side of {@code event_deliveries}. A dead delivery has {@code dead} set; a discarded
 * one, a {@code discard_reason} too, which keeps it out of every retry. Changes to many rows go a
 * batch at a time, each batch a short transaction of its own.
 */
public final class JdbiDeliveryRecords implements DeliveryRecords {

    static final int BATCH = 1_000;

    private final Jdbi jdbi;

    public JdbiDeliveryRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Counts counts() {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COALESCE(SUM(CASE WHEN dead THEN 0 ELSE 1 END), 0) AS pending,
                               COALESCE(SUM(CASE WHEN dead AND discard_reason IS NULL THEN 1 ELSE 0 END), 0) AS dead,
                               COALESCE(SUM(CASE WHEN discard_reason IS NULL THEN 0 ELSE 1 END), 0) AS discarded,
                               MIN(CASE WHEN dead THEN NULL ELSE recorded_at END) AS oldest
                          FROM event_deliveries""")
                .map((rs, ctx) -> new Counts(rs.getLong("pending"), rs.getLong("dead"), rs.getLong("discarded"),
                        Optional.ofNullable(rs.getObject("oldest", OffsetDateTime.class)).map(OffsetDateTime::toInstant)))
                .one()));
    }

    /** The conditions of a filter, to follow {@code WHERE}; {@link #bind} gives their values. */
    static String where(Filter filter) {
        StringBuilder sql = new StringBuilder(stateCondition(filter.state()));
        filter.handler().ifPresent(h -> sql.append(" AND handler = :handler"));
        filter.sku().ifPresent(s -> sql.append(" AND sku = :sku"));
        filter.errorContains().ifPresent(e -> sql.append(" AND POSITION(:error IN last_error) > 0"));
        filter.recordedBefore().ifPresent(t -> sql.append(" AND recorded_at < :recordedBefore"));
        return sql.toString();
    }

    private static String stateCondition(State state) {
        if (state == State.PENDING) {
            return "dead = FALSE";
        }
        return state == State.DEAD ? "dead = TRUE AND discard_reason IS NULL" : "discard_reason IS NOT NULL";
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Filter filter) {
        filter.handler().ifPresent(h -> statement.bind("handler", h));
        filter.sku().ifPresent(s -> statement.bind("sku", s));
        filter.errorContains().ifPresent(e -> statement.bind("error", e));
        filter.recordedBefore().ifPresent(t -> statement.bind("recordedBefore", StoredDeliveries.utc(t)));
        return statement;
    }

    /** The place the page starts from is read first: a delivery {@code after} done meanwhile still marks it. */
    @Override
    public Optional<List<Entry>> list(Filter filter, Optional<String> after, int limit) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> {
            Optional<Long> from = after.isEmpty() ? Optional.of(0L) // seq starts at 1
                    : handle.createQuery("SELECT seq FROM event_deliveries WHERE id = :after")
                            .bind("after", after.get()).mapTo(Long.class).findOne();
            if (from.isEmpty()) {
                return Optional.empty();
            }
            var query = bind(handle.createQuery("""
                            SELECT id, event_type, payload, handler, sku, attempts, last_error, recorded_at, next_attempt_at,
                                   correlation_id, discard_reason
                              FROM event_deliveries WHERE\s""" + where(filter) + " AND seq > :afterSeq ORDER BY seq FETCH FIRST :limit ROWS ONLY"),
                    filter).bind("limit", limit).bind("afterSeq", from.get());
            return Optional.of(query.map((rs, ctx) -> new Entry(rs.getString("id"), rs.getString("event_type"), rs.getString("payload"),
                            rs.getString("handler"), rs.getString("sku"), rs.getInt("attempts"), rs.getString("last_error"),
                            rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(), rs.getString("correlation_id"),
                            rs.getString("discard_reason")))
                    .list());
        }));
    }

    @Override
    public Optional<State> state(String id) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT dead, discard_reason FROM event_deliveries WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> rs.getString("discard_reason") != null ? State.DISCARDED
                        : rs.getBoolean("dead") ? State.DEAD : State.PENDING)
                .findOne()));
    }

    @Override
    public List<Attempt> attempts(String id) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT error, failed_at FROM delivery_attempts WHERE delivery_id = :id ORDER BY delivery_id, seq""")
                .bind("id", id)
                .map((rs, ctx) -> new Attempt(rs.getString("error"), rs.getObject("failed_at", OffsetDateTime.class).toInstant()))
                .list()));
    }

    private static final String REVIVE = "UPDATE event_deliveries SET dead = FALSE, attempts = 0, next_attempt_at = :now WHERE ";
    private static final String DISCARD = "UPDATE event_deliveries SET discard_reason = :reason, discarded_at = :now WHERE ";

    @Override
    public long revive(String id, Instant now) {
        return one(REVIVE, id, now, null);
    }

    @Override
    public long reviveAll(Filter filter, Instant now) {
        return all(REVIVE, filter, now, null);
    }

    @Override
    public long discard(String id, String reason, Instant now) {
        return one(DISCARD, id, now, reason);
    }

    @Override
    public long discardAll(Filter filter, String reason, Instant now) {
        return all(DISCARD, filter, now, reason);
    }

    private long one(String change, String id, Instant now, String reason) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> values(handle.createUpdate(
                        change + "id = :id AND " + stateCondition(State.DEAD)), now, reason)
                .bind("id", id).execute()));
    }

    /**
     * A batch at a time, until a batch is not full. The state is checked again outside the subquery:
     * PostgreSQL re-checks only the outer condition of a row that a concurrent change (one delivery
     * retried or discarded) had locked, so without it a retry could revive a row just discarded.
     */
    private long all(String change, Filter filter, Instant now, String reason) {
        String sql = change + "id IN (SELECT id FROM event_deliveries WHERE " + where(filter)
                + " ORDER BY seq FETCH FIRST " + BATCH + " ROWS ONLY) AND " + stateCondition(filter.state());
        long changed = 0;
        int batch;
        do {
            batch = SqlErrors.translated(null, () -> jdbi.inTransaction(handle -> bind(values(handle.createUpdate(sql), now, reason),
                    filter).execute()));
            changed += batch;
        } while (batch == BATCH);
        return changed;
    }

    private static Update values(Update update, Instant now, String reason) {
        update.bind("now", StoredDeliveries.utc(now.truncatedTo(ChronoUnit.MICROS)));
        if (reason != null) {
            update.bind("reason", reason);
        }
        return update;
    }
}
