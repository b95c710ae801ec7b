package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.port.in.DeliveryAdmin.Counts;
import dev.allocation.application.port.in.DeliveryAdmin.Entry;
import dev.allocation.application.port.in.DeliveryAdmin.State;
import dev.allocation.application.port.out.DeliveryRecords;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The operator's side of {@code event_deliveries}. */
public final class JdbiDeliveryRecords implements DeliveryRecords {

    private final Jdbi jdbi;

    public JdbiDeliveryRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Counts counts() {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COALESCE(SUM(CASE WHEN dead THEN 0 ELSE 1 END), 0) AS pending,
                               COALESCE(SUM(CASE WHEN dead THEN 1 ELSE 0 END), 0) AS dead,
                               MIN(CASE WHEN dead THEN NULL ELSE recorded_at END) AS oldest
                          FROM event_deliveries""")
                .map((rs, ctx) -> new Counts(rs.getLong("pending"), rs.getLong("dead"),
                        Optional.ofNullable(rs.getObject("oldest", OffsetDateTime.class)).map(OffsetDateTime::toInstant)))
                .one()));
    }

    @Override
    public List<Entry> list(State state, int limit) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, event_type, payload, handler, attempts, last_error, next_attempt_at, correlation_id
                          FROM event_deliveries WHERE dead = :dead ORDER BY seq FETCH FIRST :limit ROWS ONLY""")
                .bind("dead", state == State.DEAD)
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getString("id"), rs.getString("event_type"), rs.getString("payload"),
                        rs.getString("handler"), rs.getInt("attempts"), rs.getString("last_error"),
                        rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(), rs.getString("correlation_id")))
                .list()));
    }

    @Override
    public Optional<Boolean> isDead(String id) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT dead FROM event_deliveries WHERE id = :id")
                .bind("id", id).mapTo(Boolean.class).findOne()));
    }

    @Override
    public boolean revive(String id, Instant now) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE event_deliveries SET dead = FALSE, attempts = 0, next_attempt_at = :now
                         WHERE id = :id AND dead = TRUE""")
                .bind("id", id)
                .bind("now", StoredDeliveries.utc(now.truncatedTo(ChronoUnit.MICROS)))
                .execute()) == 1);
    }
}
