package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.SchemaMigration;
import dev.allocation.application.port.out.Publication;
import dev.allocation.domain.events.Allocated;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publications left waiting by a release without lanes go out after the upgrade, each in its SKU's
 * lane: were they left in one lane, a SKU's old events and its new ones would be sent by two threads
 * at once, out of order.
 */
class PublicationLanesMigrationTest {

    @Test
    void theWaitingPublicationsAreMovedToTheirSkusLanes() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:lanes-" + UUID.randomUUID());
        Jdbi jdbi = Jdbi.create(dataSource);
        try (Handle open = jdbi.open()) { // keeps the database in memory while the test runs
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("7").load().migrate();
            List<String> skus = IntStream.range(0, 50).mapToObj(i -> "SKU-" + i).toList();
            for (String sku : skus) {
                for (int n = 0; n < 3; n++) {
                    open.createUpdate("""
                                    INSERT INTO outgoing_publications (destination, sku, event_id, event_type, payload,
                                                                       correlation_id, recorded_at)
                                    VALUES ('rabbitmq', :sku, :id, 'Allocated', :payload, 'c', :at)""")
                            .bind("sku", sku).bind("id", UUID.randomUUID().toString())
                            .bind("payload", EventJson.payload(new Allocated(sku + "~" + n, sku, 1, sku + "-b")))
                            .bind("at", OffsetDateTime.now()).execute();
                }
            }

            SchemaMigration.migrate(dataSource);

            JdbiOutbox outbox = new JdbiOutbox(jdbi, new StoredPublicationSignals());
            int found = 0;
            for (int lane = 0; lane < Publication.LANES; lane++) {
                List<Publication> next = outbox.next("rabbitmq", lane, 1_000);
                for (Publication publication : next) {
                    assertThat(Publication.lane(publication.event().message().sku())).isEqualTo(lane);
                }
                found += next.size();
            }
            assertThat(found).isEqualTo(skus.size() * 3);
            assertThat(skus.stream().map(Publication::lane).distinct().count()).as("the SKUs span several lanes").isGreaterThan(8);
        }
    }
}
