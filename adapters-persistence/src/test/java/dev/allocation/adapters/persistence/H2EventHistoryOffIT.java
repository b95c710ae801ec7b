package dev.allocation.adapters.persistence;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.UnitOfWorkContract;
import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.port.out.Publication;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** With the history off ({@code EVENT_HISTORY_DAYS=0}) commits write none, and the rest as always. */
class H2EventHistoryOffIT {

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.h2();

    @Test
    void commitsWriteNoHistoryButStillTheirPublications() {
        UnitOfWorkFactory units = database.jdbi().unitsOfWork(UnitOfWorkContract.SUBSCRIPTIONS, false);
        try (BusUnitOfWork uow = units.begin(Envelope.command("allocate", "history-off"))) {
            Product product = new Product("LAMP");
            product.addBatch("b1", 10, null);
            uow.products().add(product);
            product.allocate(new OrderLine("o1", "LAMP", 1));
            uow.commit();
        }

        assertThat(database.jdbi().eventHistory().ofSku("LAMP", Instant.EPOCH, 10)).isEmpty();
        assertThat(database.jdbi().eventHistory().ofOrder("o1")).isEmpty();
        assertThat(database.jdbi().outbox().next("broker", Publication.lane("LAMP"), 10)).hasSize(1);
    }
}
