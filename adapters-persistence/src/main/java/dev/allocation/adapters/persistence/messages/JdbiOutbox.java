package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Publication;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The outbox as the publication relays see it: {@code outgoing_publications} and {@code publication_leases}. */
public final class JdbiOutbox implements Outbox {

    private final Jdbi jdbi;
    private final StoredPublicationSignals signals;

    /** @param signals what this process's units of work signal when they commit publications */
    public JdbiOutbox(Jdbi jdbi, StoredPublicationSignals signals) {
        this.jdbi = jdbi;
        this.signals = signals;
    }

    /**
     * ORDER BY names the index's leading column too: only then does H2 read the index in order and stop
     * at the limit, rather than read every waiting publication of the destination and sort them.
     */
    static final String NEXT_SQL = """
            SELECT seq, destination, event_id, event_type, payload, correlation_id, causation_id, traceparent,
                   tracestate, recorded_at
              FROM outgoing_publications
             WHERE destination = :destination
             ORDER BY destination, seq FETCH FIRST :limit ROWS ONLY""";

    @Override
    public List<Publication> next(String destination, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(NEXT_SQL)
                .bind("destination", destination)
                .bind("limit", limit)
                .map((rs, ctx) -> new Publication(rs.getLong("seq"), rs.getString("destination"), StoredDeliveries.envelope(rs)))
                .list());
    }

    @Override
    public void sent(List<Publication> sent) {
        if (sent.isEmpty()) {
            return;
        }
        // By their positions, one statement: a range could take rows committed late, never read.
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM outgoing_publications WHERE seq IN (<positions>)")
                .bindList("positions", sent.stream().map(Publication::position).toList())
                .execute());
    }

    @Override
    public boolean lease(String destination, String holder, Instant now, Instant until) {
        return jdbi.withHandle(handle -> {
            int taken = handle.createUpdate("""
                            UPDATE publication_leases SET holder = :holder, expires_at = :until
                             WHERE destination = :destination AND (holder = :holder OR expires_at <= :now)""")
                    .bind("destination", destination).bind("holder", holder)
                    .bind("now", StoredDeliveries.utc(now)).bind("until", StoredDeliveries.utc(until))
                    .execute();
            if (taken == 1) {
                return true;
            }
            try {
                handle.createUpdate("INSERT INTO publication_leases (destination, holder, expires_at) VALUES (:destination, :holder, :until)")
                        .bind("destination", destination).bind("holder", holder).bind("until", StoredDeliveries.utc(until))
                        .execute();
                return true;
            } catch (RuntimeException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    return false; // the row is there: another holder's lease runs
                }
                throw e;
            }
        });
    }

    @Override
    public long waiting(String destination) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outgoing_publications WHERE destination = :destination")
                .bind("destination", destination).mapTo(Long.class).one());
    }

    @Override
    public void whenStored(String destination, Runnable wake) {
        signals.whenStored(destination, wake);
    }
}
