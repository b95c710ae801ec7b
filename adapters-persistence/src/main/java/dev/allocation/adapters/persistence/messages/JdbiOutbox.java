package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Publication;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The outbox as the publication relays see it: {@code outgoing_publications} and
 * {@code publication_leases}, whose {@code destination} column names a lease (a lane's, an instance's
 * place, or an earlier release's whole destination).
 */
public final class JdbiOutbox implements Outbox {

    private final Jdbi jdbi;
    private final StoredPublicationSignals signals;

    /** @param signals what this process's units of work signal when they commit publications */
    public JdbiOutbox(Jdbi jdbi, StoredPublicationSignals signals) {
        this.jdbi = jdbi;
        this.signals = signals;
    }

    /**
     * ORDER BY names the index's leading columns too: only then does H2 read the index in order and stop
     * at the limit, rather than read every waiting publication of the lane and sort them.
     */
    static final String NEXT_SQL = """
            SELECT seq, destination, event_id, event_type, payload, correlation_id, causation_id, traceparent,
                   tracestate, recorded_at
              FROM outgoing_publications
             WHERE destination = :destination AND lane = :lane
             ORDER BY destination, lane, seq FETCH FIRST :limit ROWS ONLY""";

    @Override
    public List<Publication> next(String destination, int lane, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(NEXT_SQL)
                .bind("destination", destination)
                .bind("lane", lane)
                .bind("limit", limit)
                .map((rs, ctx) -> new Publication(rs.getLong("seq"), rs.getString("destination"), StoredDeliveries.envelope(rs)))
                .list());
    }

    @Override
    public Set<Integer> waitingIn(String destination, Set<Integer> lanes) {
        if (lanes.isEmpty()) {
            return Set.of();
        }
        // Mostly nothing waits: then one probe of the index answers. Otherwise a first row of each
        // lane, each found on the index: never a pass over a backlog's rows.
        List<Integer> asked = List.copyOf(lanes);
        return jdbi.withHandle(handle -> {
            boolean any = handle.createQuery("""
                            SELECT 1 FROM outgoing_publications WHERE destination = :destination AND lane IN (<lanes>)
                             FETCH FIRST 1 ROW ONLY""")
                    .bind("destination", destination)
                    .bindList("lanes", asked)
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent();
            if (!any) {
                return Set.<Integer>of();
            }
            if (asked.size() == 1) {
                return Set.copyOf(asked);
            }
            String sql = IntStream.range(0, asked.size())
                    .mapToObj(i -> "(SELECT lane FROM outgoing_publications WHERE destination = :destination AND lane = :lane" + i
                            + " FETCH FIRST 1 ROW ONLY)")
                    .collect(Collectors.joining(" UNION ALL "));
            Query query = handle.createQuery(sql).bind("destination", destination);
            for (int i = 0; i < asked.size(); i++) {
                query.bind("lane" + i, asked.get(i));
            }
            return query.mapTo(Integer.class).collect(Collectors.toSet());
        });
    }

    @Override
    public void sent(List<Publication> sent) {
        if (sent.isEmpty()) {
            return;
        }
        // In a transaction, whose commit waits for H2's chunk like a request's: the relays' removals then
        // share chunks with the requests instead of piling up between them, and requests keep being answered.
        jdbi.useTransaction(handle -> StoredOutbox.remove(handle, sent.stream().map(Publication::position).toList()));
    }

    @Override
    public boolean lease(String name, String holder, Instant now, Instant until) {
        return jdbi.withHandle(handle -> {
            int taken = handle.createUpdate("""
                            UPDATE publication_leases SET holder = :holder, expires_at = :until
                             WHERE destination = :destination AND (holder = :holder OR expires_at <= :now)""")
                    .bind("destination", name).bind("holder", holder)
                    .bind("now", StoredDeliveries.utc(now)).bind("until", StoredDeliveries.utc(until))
                    .execute();
            if (taken == 1) {
                return true;
            }
            try {
                handle.createUpdate("INSERT INTO publication_leases (destination, holder, expires_at) VALUES (:destination, :holder, :until)")
                        .bind("destination", name).bind("holder", holder).bind("until", StoredDeliveries.utc(until))
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
    public int leasesRunning(String prefix, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) FROM publication_leases WHERE LEFT(destination, :length) = :prefix AND expires_at > :now""")
                .bind("length", prefix.length()).bind("prefix", prefix).bind("now", StoredDeliveries.utc(now))
                .mapTo(Integer.class).one());
    }

    @Override
    public long waiting(String destination) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outgoing_publications WHERE destination = :destination")
                .bind("destination", destination).mapTo(Long.class).one());
    }

    @Override
    public void whenStored(String destination, IntConsumer wake) {
        signals.whenStored(destination, wake);
    }
}
