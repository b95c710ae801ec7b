package dev.allocation.application.handlers;

import dev.allocation.application.fake.Buses;
import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.model.InvalidSku;
import dev.allocation.domain.model.UnknownBatch;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.commands.Deallocate;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.model.AllocationOutcome;
import dev.allocation.domain.model.NoSuchLine;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.model.ConflictingOrderLine;
import dev.allocation.domain.model.DuplicateBatch;
import dev.allocation.domain.model.Product;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's behaviour, driven through the message bus over the fake database. */
class HandlersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

    private final FakeNotifications notifications = new FakeNotifications();
    private final MessageRoutes handlers = new Handlers(notifications).registry();
    private final FakeDatabase database = new FakeDatabase(handlers);
    private final MessageBus bus = Buses.over(database, handlers);

    private Product committed(String sku) {
        return database.committed(sku).orElseThrow();
    }

    private int available(String sku, String ref) {
        return committed(sku).batch(ref).orElseThrow().availableQuantity();
    }

    @Nested
    class AddingABatch {

        @Test
        void forANewProduct() {
            bus.handle(new CreateBatch("b1", "CRUNCHY-ARMCHAIR", 100, null));

            assertThat(database.committed("CRUNCHY-ARMCHAIR")).isPresent();
            assertThat(database.commits()).isEqualTo(1);
        }

        @Test
        void forAnExistingProduct() {
            bus.handle(new CreateBatch("b1", "GARISH-RUG", 100, null));
            bus.handle(new CreateBatch("b2", "GARISH-RUG", 99, null));

            assertThat(committed("GARISH-RUG").batches()).extracting(b -> b.reference()).containsExactly("b1", "b2");
        }

        @Test
        void returnsTheReference() {
            assertThat(bus.handle(new CreateBatch("b1", "RUG", 1, TODAY))).isEqualTo("b1");
        }

        @Test
        void theIdenticalBatchAgainIsAccepted() {
            bus.handle(new CreateBatch("b1", "RUG", 10, TODAY));
            assertThat(bus.handle(new CreateBatch("b1", "RUG", 10, TODAY))).isEqualTo("b1");
            assertThat(committed("RUG").batches()).hasSize(1);
        }

        @Test
        void aReferenceTakenWithOtherDetailsIsRefused() {
            bus.handle(new CreateBatch("b1", "RUG", 10, null));

            assertThatThrownBy(() -> bus.handle(new CreateBatch("b1", "RUG", 11, null)))
                    .isInstanceOf(DuplicateBatch.class).hasMessage("Batch b1 already exists with quantity 10, not 11");
            assertThatThrownBy(() -> bus.handle(new CreateBatch("b1", "LAMP", 10, null)))
                    .isInstanceOf(DuplicateBatch.class).hasMessage("Batch b1 already exists with SKU RUG, not LAMP");
            assertThat(database.committed("LAMP")).isEmpty();
            assertThat(committed("RUG").batch("b1").orElseThrow().purchasedQuantity()).isEqualTo(10);
        }
    }

    @Nested
    class Allocating {

        @Test
        void returnsTheAllocation() {
            bus.handle(new CreateBatch("batch1", "COMPLICATED-LAMP", 100, null));

            Optional<String> result = bus.handle(new Allocate("o1", "COMPLICATED-LAMP", 10)).batch();

            assertThat(result).contains("batch1");
            assertThat(available("COMPLICATED-LAMP", "batch1")).isEqualTo(90);
        }

        @Test
        void errorsForAnInvalidSku() {
            bus.handle(new CreateBatch("b1", "AREALSKU", 100, null));

            assertThatThrownBy(() -> bus.handle(new Allocate("o1", "NONEXISTENTSKU", 10)))
                    .isInstanceOf(InvalidSku.class)
                    .hasMessage("Invalid sku NONEXISTENTSKU");
        }

        @Test
        void commits() {
            bus.handle(new CreateBatch("b1", "OMINOUS-MIRROR", 100, null));
            int before = database.commits();

            bus.handle(new Allocate("o1", "OMINOUS-MIRROR", 10));

            assertThat(database.commits()).isEqualTo(before + 1);
        }

        @Test
        void sendsTheOutOfStockNotification() {
            bus.handle(new CreateBatch("b1", "POPULAR-CURTAINS", 9, null));

            Optional<String> result = bus.handle(new Allocate("o1", "POPULAR-CURTAINS", 10)).batch();

            assertThat(result).isEmpty();
            assertThat(notifications.outOfStock()).containsExactly("POPULAR-CURTAINS");
            assertThat(available("POPULAR-CURTAINS", "b1")).isEqualTo(9);
        }

        @Test
        void theIdenticalLineAgainAllocatesNothingTwice() {
            bus.handle(new CreateBatch("b1", "LAMP", 10, null));
            bus.handle(new Allocate("o1", "LAMP", 6));

            assertThat(bus.handle(new Allocate("o1", "LAMP", 6)).batch()).isEqualTo(Optional.of("b1"));

            assertThat(available("LAMP", "b1")).isEqualTo(4);
            assertThat(notifications.outOfStock()).isEmpty();
        }

        @Test
        void theSameOrderAndSkuWithAnotherQuantityIsRefused() {
            bus.handle(new CreateBatch("b1", "LAMP", 10, null));
            bus.handle(new Allocate("o1", "LAMP", 6));

            assertThatThrownBy(() -> bus.handle(new Allocate("o1", "LAMP", 2)))
                    .isInstanceOf(ConflictingOrderLine.class);
            assertThat(available("LAMP", "b1")).isEqualTo(4);
        }
    }

    @Nested
    class ChangingABatchQuantity {

        @Test
        void changesTheAvailableQuantity() {
            bus.handle(new CreateBatch("batch1", "ADORABLE-SETTEE", 100, null));
            assertThat(available("ADORABLE-SETTEE", "batch1")).isEqualTo(100);

            bus.handle(new ChangeBatchQuantity("batch1", 50));

            assertThat(available("ADORABLE-SETTEE", "batch1")).isEqualTo(50);
        }

        @Test
        void reallocatesIfNecessary() {
            bus.handle(new CreateBatch("batch1", "INDIFFERENT-TABLE", 50, null));
            bus.handle(new CreateBatch("batch2", "INDIFFERENT-TABLE", 50, TODAY));
            bus.handle(new Allocate("order1", "INDIFFERENT-TABLE", 20));
            bus.handle(new Allocate("order2", "INDIFFERENT-TABLE", 20));
            assertThat(available("INDIFFERENT-TABLE", "batch1")).isEqualTo(10);
            assertThat(available("INDIFFERENT-TABLE", "batch2")).isEqualTo(50);

            bus.handle(new ChangeBatchQuantity("batch1", 25));

            assertThat(available("INDIFFERENT-TABLE", "batch1")).isEqualTo(5);
            assertThat(available("INDIFFERENT-TABLE", "batch2")).isEqualTo(30);
        }

        @Test
        void movesTheMostRecentLinesFirst() {
            bus.handle(new CreateBatch("warehouse", "TABLE", 30, null));
            bus.handle(new CreateBatch("shipment", "TABLE", 100, TODAY));
            bus.handle(new Allocate("oldest", "TABLE", 10));
            bus.handle(new Allocate("middle", "TABLE", 10));
            bus.handle(new Allocate("newest", "TABLE", 10));

            bus.handle(new ChangeBatchQuantity("warehouse", 15));

            // Two lines had to go; the oldest one stays.
            assertThat(bus.handle(new Allocate("oldest", "TABLE", 10)).batch()).isEqualTo(Optional.of("warehouse"));
            assertThat(bus.handle(new Allocate("middle", "TABLE", 10)).batch()).isEqualTo(Optional.of("shipment"));
            assertThat(bus.handle(new Allocate("newest", "TABLE", 10)).batch()).isEqualTo(Optional.of("shipment"));
            assertThat(available("TABLE", "warehouse")).isEqualTo(5);
        }

        @Test
        void aLineThatFitsNowhereStaysUnallocatedAndIsNotified() {
            bus.handle(new CreateBatch("only", "TABLE", 10, null));
            bus.handle(new Allocate("o1", "TABLE", 8));

            bus.handle(new ChangeBatchQuantity("only", 5));

            assertThat(available("TABLE", "only")).isEqualTo(5);
            assertThat(notifications.outOfStock()).containsExactly("TABLE");
        }

        @Test
        void errorsForAnUnknownBatch() {
            assertThatThrownBy(() -> bus.handle(new ChangeBatchQuantity("nope", 5)))
                    .isInstanceOf(UnknownBatch.class).hasMessage("Unknown batch nope");
        }

        @Test
        void recordsDeallocatedForTheReallocationInIsolation() {
            // The handler alone, without the bus that would deliver what it records (the book's
            // FakeUnitOfWorkWithFakeMessageBus): its commit stores one delivery for the line it took back.
            bus.handle(new CreateBatch("batch1", "INDIFFERENT-TABLE", 50, null));
            bus.handle(new CreateBatch("batch2", "INDIFFERENT-TABLE", 50, TODAY));
            bus.handle(new Allocate("order1", "INDIFFERENT-TABLE", 20));
            bus.handle(new Allocate("order2", "INDIFFERENT-TABLE", 20));
            ChangeBatchQuantity command = new ChangeBatchQuantity("batch1", 25);

            try (UnitOfWork uow = database.begin(Envelope.command(command, "isolated"))) {
                new Handlers(notifications).changeBatchQuantity(command, uow);
            }

            assertThat(database.storedDeliveries()).singleElement().satisfies(delivery -> {
                assertThat(delivery.handler()).isEqualTo(Handlers.REALLOCATE);
                assertThat(delivery.event().message()).isEqualTo(new Deallocated("order2", "INDIFFERENT-TABLE", 20, "batch1"));
                assertThat(delivery.event().correlationId()).isEqualTo("isolated");
            });
            assertThat(available("INDIFFERENT-TABLE", "batch2")).as("nothing was reallocated").isEqualTo(50);
        }
    }

    @Nested
    class Deallocating {

        @Test
        void releasesTheLineAndAnswersWhatWasReleased() {
            bus.handle(new CreateBatch("b1", "LAMP", 10, null));
            bus.handle(new Allocate("o1", "LAMP", 6));

            LineReleased released = bus.handle(new Deallocate("o1", "LAMP"));

            assertThat(released).isEqualTo(new LineReleased("o1", "LAMP", 6, "b1"));
            assertThat(available("LAMP", "b1")).isEqualTo(10);
        }

        @Test
        void anUnknownLineOrSkuIsNotFoundAndCommitsNothing() {
            bus.handle(new CreateBatch("b1", "LAMP", 10, null));
            int commits = database.commits();

            assertThatThrownBy(() -> bus.handle(new Deallocate("o1", "LAMP"))).isInstanceOf(NoSuchLine.class)
                    .hasMessage("No line for LAMP in order o1");
            assertThatThrownBy(() -> bus.handle(new Deallocate("o1", "NEVER"))).isInstanceOf(NoSuchLine.class);
            assertThat(database.commits()).isEqualTo(commits);
        }

        @Test
        void theFreedStockGoesToTheOldestWaitingLineThatFits() {
            bus.handle(new CreateBatch("b1", "LAMP", 10, null));
            bus.handle(new Allocate("holder", "LAMP", 10));
            bus.handle(new Allocate("big", "LAMP", 12, true));
            bus.handle(new Allocate("fits", "LAMP", 7, true));

            bus.handle(new Deallocate("holder", "LAMP"));

            assertThat(committed("LAMP").backorders().find("big")).as("does not fit yet").isPresent();
            assertThat(committed("LAMP").backorders().find("fits")).isEmpty();
            assertThat(available("LAMP", "b1")).isEqualTo(3);
        }
    }

    @Nested
    class Backordering {

        @Test
        void aLineThatFitsNowhereWaitsAndIsNotified() {
            bus.handle(new CreateBatch("b1", "LAMP", 5, null));

            assertThat(bus.handle(new Allocate("o1", "LAMP", 8, true))).isEqualTo(new AllocationOutcome.Waiting());

            assertThat(committed("LAMP").backorders().lines()).isEqualTo(1);
            assertThat(notifications.outOfStock()).containsExactly("LAMP");
        }

        @Test
        void aNewBatchFillsTheWaitingLinesThroughTheChain() {
            bus.handle(new CreateBatch("b1", "LAMP", 1, null));
            bus.handle(new Allocate("o1", "LAMP", 4, true));
            bus.handle(new Allocate("o2", "LAMP", 3, true));

            bus.handle(new CreateBatch("b2", "LAMP", 5, null));

            assertThat(available("LAMP", "b2")).isEqualTo(1);
            assertThat(committed("LAMP").backorders().lines()).as("o1 took 4, o2 does not fit in what is left").isEqualTo(1);
            assertThat(committed("LAMP").backorders().find("o2")).isPresent();
            assertThat(database.storedDeliveries()).as("the chain has settled").isEmpty();
        }

        @Test
        void aLineTakenBackByAShrinkWaitsInsteadOfBeingDropped() {
            bus.handle(new CreateBatch("only", "TABLE", 10, null));
            bus.handle(new Allocate("o1", "TABLE", 8));

            bus.handle(new ChangeBatchQuantity("only", 5));

            assertThat(committed("TABLE").backorders().find("o1")).contains(new OrderLine("o1", "TABLE", 8));
            bus.handle(new ChangeBatchQuantity("only", 9));
            assertThat(committed("TABLE").backorders().lines()).isZero();
            assertThat(available("TABLE", "only")).isEqualTo(1);
        }
    }
}
