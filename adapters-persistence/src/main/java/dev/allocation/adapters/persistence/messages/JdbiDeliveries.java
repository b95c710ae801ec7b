package dev.allocation.adapters.persistence.messages;

import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.Delivery;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The relay's view of {@code event_deliveries}. */
public final class JdbiDeliveries implements Deliveries {

    private static final int MAX_ERROR_LENGTH = 2000;

    private final Jdbi jdbi;

    public JdbiDeliveries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Delivery> due(Instant now, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + StoredDeliveries.COLUMNS + """
                         FROM event_deliveries d
                        WHERE d.dead = FALSE AND d.next_attempt_at <= :now
                          AND NOT EXISTS (SELECT 1 FROM event_deliveries e
                                          WHERE e.handler = d.handler AND e.sku = d.sku AND e.dead = FALSE AND e.seq < d.seq)
                        ORDER BY d.seq FETCH FIRST :limit ROWS ONLY""")
                .bind("now", StoredDeliveries.utc(now))
                .bind("limit", limit)
                .map((rs, ctx) -> StoredDeliveries.read(rs))
                .list());
    }

    /**
     * ORDER BY names the index's leading columns too: only then does H2 read the index in order and stop
     * at the limit, rather than read every delivery of the sequence and sort them.
     */
    static final String PENDING_OF_SQL = "SELECT " + StoredDeliveries.COLUMNS + """
             FROM event_deliveries
            WHERE handler = :handler AND sku = :sku AND dead = FALSE
              AND (attempts = 0 OR next_attempt_at <= :now)
            ORDER BY handler, sku, seq FETCH FIRST :limit ROWS ONLY""";

    @Override
    public List<Delivery> pendingOf(String handler, String sku, Instant now, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(PENDING_OF_SQL)
                .bind("handler", handler)
                .bind("sku", sku)
                .bind("now", StoredDeliveries.utc(now))
                .bind("limit", limit)
                .map((rs, ctx) -> StoredDeliveries.read(rs))
                .list());
    }

    @Override
    public void failed(Delivery delivery, String error, Optional<Instant> retryAt) {
        String reason = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        // A dead delivery keeps its last attempt's time; a pending one gets the time of its retry.
        jdbi.useTransaction(handle -> {
            Update update = handle.createUpdate("UPDATE event_deliveries SET attempts = attempts + 1, last_error = :error, "
                            + (retryAt.isPresent() ? "next_attempt_at = :retryAt" : "dead = TRUE") + " WHERE id = :id")
                    .bind("error", reason)
                    .bind("id", delivery.id());
            retryAt.ifPresent(at -> update.bind("retryAt", StoredDeliveries.utc(at)));
            if (update.execute() == 1) {
                handle.createUpdate("INSERT INTO delivery_attempts (delivery_id, error, failed_at) VALUES (:id, :error, :at)")
                        .bind("id", delivery.id()).bind("error", reason)
                        .bind("at", StoredDeliveries.utc(Instant.now().truncatedTo(ChronoUnit.MICROS))).execute();
            }
        });
    }
}
