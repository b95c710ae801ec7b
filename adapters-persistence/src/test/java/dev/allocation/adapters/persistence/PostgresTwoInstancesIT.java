package dev.allocation.adapters.persistence;

import dev.allocation.application.fake.Buses;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.port.in.AllocationsView.Allocation;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.commands.Deallocate;
import dev.allocation.domain.events.LineReleased;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one PostgreSQL database, each with its own adapter (its locks, its
 * group commit): what one changed is what the other answers from, including answers that write
 * nothing.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL, matches = ".+", disabledReason = TestDatabase.POSTGRES_SKIPPED)
class PostgresTwoInstancesIT {

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.postgres();

    private JdbiDatabase stored;
    private MessageBus here;
    private MessageBus other;

    private MessageBus instance(JdbiDatabase adapter) {
        MessageRoutes handlers = new Handlers(new FakeNotifications()).registry();
        return Buses.over(adapter.unitsOfWork(handlers), adapter.deliveries(), handlers);
    }

    @BeforeEach
    void twoInstances() {
        stored = database.jdbi();
        here = instance(stored);
        other = instance(new JdbiDatabase(database.dataSource(), database.settings()));
        here.handle(new CreateBatch("b1", "LAMP", 1, null));
        here.handle(new Allocate("o1", "LAMP", 1)); // this instance has now read the product, its only batch full
    }

    @Test
    void aBatchTheOtherInstanceAddedIsChangedHere() {
        other.handle(new CreateBatch("b2", "LAMP", 10, LocalDate.of(2030, 1, 1)));
        other.handle(new Allocate("o2", "LAMP", 4));

        here.handle(new ChangeBatchQuantity("b2", 3));

        assertThat(stored.storedAllocations().ofOrder("o2")).as("taken back: 4 no longer fit in 3").isEmpty();
    }

    @Test
    void aLineTheOtherInstanceMadeWaitIsReleasedHere() {
        other.handle(new Allocate("o2", "LAMP", 1, true)); // no stock left: it waits

        LineReleased released = here.handle(new Deallocate("o2", "LAMP"));

        assertThat(released).isEqualTo(new LineReleased("o2", "LAMP", 1, null));
    }

    @Test
    void aLineTheOtherInstanceAllocatedIsReleasedHere() {
        other.handle(new CreateBatch("b2", "LAMP", 10, LocalDate.of(2030, 1, 1)));
        other.handle(new Allocate("o2", "LAMP", 4));

        here.handle(new Deallocate("o2", "LAMP"));

        assertThat(stored.storedAllocations().ofOrder("o2")).isEmpty();
        assertThat(stored.storedAllocations().ofOrder("o1")).extracting(Allocation::batchRef).containsExactly("b1");
    }
}
