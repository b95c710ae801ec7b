package dev.allocation.application.handlers;

import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.fake.FakeUnitOfWork;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.messagebus.RetryPolicy;
import dev.allocation.application.port.UnitOfWork;
import dev.allocation.domain.events.AllocationRequired;
import dev.allocation.domain.events.BatchCreated;
import dev.allocation.domain.events.BatchQuantityChanged;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.model.ConflictingOrderLine;
import dev.allocation.domain.model.DuplicateBatch;
import dev.allocation.domain.model.Product;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's behaviour, driven through the message bus over the fake database. */
class HandlersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

    private final FakeDatabase database = new FakeDatabase();
    private final FakeNotifications notifications = new FakeNotifications();
    private final MessageBus bus = new MessageBus(database, new Handlers(notifications).registry(), RetryPolicy.DEFAULT);

    private Product committed(String sku) {
        return database.committed(sku).orElseThrow();
    }

    private int available(String sku, String ref) {
        return committed(sku).batch(ref).orElseThrow().availableQuantity();
    }

    @Nested
    class AddBatch {

        @Test
        void forANewProduct() {
            bus.handle(new BatchCreated("b1", "CRUNCHY-ARMCHAIR", 100, null));

            assertThat(database.committed("CRUNCHY-ARMCHAIR")).isPresent();
            assertThat(database.commits()).isEqualTo(1);
        }

        @Test
        void forAnExistingProduct() {
            bus.handle(new BatchCreated("b1", "GARISH-RUG", 100, null));
            bus.handle(new BatchCreated("b2", "GARISH-RUG", 99, null));

            assertThat(committed("GARISH-RUG").batches()).extracting(b -> b.reference()).containsExactly("b1", "b2");
        }

        @Test
        void returnsTheReference() {
            assertThat(bus.handle(new BatchCreated("b1", "RUG", 1, TODAY))).containsExactly("b1");
        }

        @Test
        void theIdenticalBatchAgainIsAccepted() {
            bus.handle(new BatchCreated("b1", "RUG", 10, TODAY));
            assertThat(bus.handle(new BatchCreated("b1", "RUG", 10, TODAY))).containsExactly("b1");
            assertThat(committed("RUG").batches()).hasSize(1);
        }

        @Test
        void aReferenceTakenWithOtherDetailsIsRefused() {
            bus.handle(new BatchCreated("b1", "RUG", 10, null));

            assertThatThrownBy(() -> bus.handle(new BatchCreated("b1", "RUG", 11, null)))
                    .isInstanceOf(DuplicateBatch.class).hasMessage("Batch b1 already exists");
            assertThatThrownBy(() -> bus.handle(new BatchCreated("b1", "LAMP", 10, null)))
                    .isInstanceOf(DuplicateBatch.class).hasMessage("Batch b1 already exists");
            assertThat(database.committed("LAMP")).isEmpty();
            assertThat(committed("RUG").batch("b1").orElseThrow().purchasedQuantity()).isEqualTo(10);
        }
    }

    @Nested
    class Allocate {

        @Test
        void returnsTheAllocation() {
            bus.handle(new BatchCreated("batch1", "COMPLICATED-LAMP", 100, null));

            List<Object> results = bus.handle(new AllocationRequired("o1", "COMPLICATED-LAMP", 10));

            assertThat(results).containsExactly(Optional.of("batch1"));
            assertThat(available("COMPLICATED-LAMP", "batch1")).isEqualTo(90);
        }

        @Test
        void errorsForAnInvalidSku() {
            bus.handle(new BatchCreated("b1", "AREALSKU", 100, null));

            assertThatThrownBy(() -> bus.handle(new AllocationRequired("o1", "NONEXISTENTSKU", 10)))
                    .isInstanceOf(InvalidSku.class)
                    .hasMessage("Invalid sku NONEXISTENTSKU");
        }

        @Test
        void commits() {
            bus.handle(new BatchCreated("b1", "OMINOUS-MIRROR", 100, null));
            int before = database.commits();

            bus.handle(new AllocationRequired("o1", "OMINOUS-MIRROR", 10));

            assertThat(database.commits()).isEqualTo(before + 1);
        }

        @Test
        void sendsTheOutOfStockNotification() {
            bus.handle(new BatchCreated("b1", "POPULAR-CURTAINS", 9, null));

            List<Object> results = bus.handle(new AllocationRequired("o1", "POPULAR-CURTAINS", 10));

            assertThat(results).containsExactly(Optional.empty());
            assertThat(notifications.outOfStock()).containsExactly("POPULAR-CURTAINS");
            assertThat(available("POPULAR-CURTAINS", "b1")).isEqualTo(9);
        }

        @Test
        void theIdenticalLineAgainAllocatesNothingTwice() {
            bus.handle(new BatchCreated("b1", "LAMP", 10, null));
            bus.handle(new AllocationRequired("o1", "LAMP", 6));

            assertThat(bus.handle(new AllocationRequired("o1", "LAMP", 6))).containsExactly(Optional.of("b1"));

            assertThat(available("LAMP", "b1")).isEqualTo(4);
            assertThat(notifications.outOfStock()).isEmpty();
        }

        @Test
        void theSameOrderAndSkuWithAnotherQuantityIsRefused() {
            bus.handle(new BatchCreated("b1", "LAMP", 10, null));
            bus.handle(new AllocationRequired("o1", "LAMP", 6));

            assertThatThrownBy(() -> bus.handle(new AllocationRequired("o1", "LAMP", 2)))
                    .isInstanceOf(ConflictingOrderLine.class);
            assertThat(available("LAMP", "b1")).isEqualTo(4);
        }
    }

    @Nested
    class ChangeBatchQuantity {

        @Test
        void changesTheAvailableQuantity() {
            bus.handle(new BatchCreated("batch1", "ADORABLE-SETTEE", 100, null));
            assertThat(available("ADORABLE-SETTEE", "batch1")).isEqualTo(100);

            bus.handle(new BatchQuantityChanged("batch1", 50));

            assertThat(available("ADORABLE-SETTEE", "batch1")).isEqualTo(50);
        }

        @Test
        void reallocatesIfNecessary() {
            bus.handle(new BatchCreated("batch1", "INDIFFERENT-TABLE", 50, null));
            bus.handle(new BatchCreated("batch2", "INDIFFERENT-TABLE", 50, TODAY));
            bus.handle(new AllocationRequired("order1", "INDIFFERENT-TABLE", 20));
            bus.handle(new AllocationRequired("order2", "INDIFFERENT-TABLE", 20));
            assertThat(available("INDIFFERENT-TABLE", "batch1")).isEqualTo(10);
            assertThat(available("INDIFFERENT-TABLE", "batch2")).isEqualTo(50);

            bus.handle(new BatchQuantityChanged("batch1", 25));

            assertThat(available("INDIFFERENT-TABLE", "batch1")).isEqualTo(5);
            assertThat(available("INDIFFERENT-TABLE", "batch2")).isEqualTo(30);
        }

        @Test
        void movesTheMostRecentLinesFirst() {
            bus.handle(new BatchCreated("warehouse", "TABLE", 30, null));
            bus.handle(new BatchCreated("shipment", "TABLE", 100, TODAY));
            bus.handle(new AllocationRequired("oldest", "TABLE", 10));
            bus.handle(new AllocationRequired("middle", "TABLE", 10));
            bus.handle(new AllocationRequired("newest", "TABLE", 10));

            bus.handle(new BatchQuantityChanged("warehouse", 15));

            // Two lines had to go; the oldest one stays.
            assertThat(bus.handle(new AllocationRequired("oldest", "TABLE", 10))).containsExactly(Optional.of("warehouse"));
            assertThat(bus.handle(new AllocationRequired("middle", "TABLE", 10))).containsExactly(Optional.of("shipment"));
            assertThat(bus.handle(new AllocationRequired("newest", "TABLE", 10))).containsExactly(Optional.of("shipment"));
            assertThat(available("TABLE", "warehouse")).isEqualTo(5);
        }

        @Test
        void aLineThatFitsNowhereStaysUnallocatedAndIsNotified() {
            bus.handle(new BatchCreated("only", "TABLE", 10, null));
            bus.handle(new AllocationRequired("o1", "TABLE", 8));

            bus.handle(new BatchQuantityChanged("only", 5));

            assertThat(available("TABLE", "only")).isEqualTo(5);
            assertThat(notifications.outOfStock()).containsExactly("TABLE");
        }

        @Test
        void errorsForAnUnknownBatch() {
            assertThatThrownBy(() -> bus.handle(new BatchQuantityChanged("nope", 5)))
                    .isInstanceOf(UnknownBatch.class).hasMessage("Unknown batch nope");
        }

        @Test
        void recordsAllocationRequiredInIsolation() {
            // A bus whose units of work keep the follow-up events instead of handing them on, so only
            // change_batch_quantity runs (the book's FakeUnitOfWorkWithFakeMessageBus).
            bus.handle(new BatchCreated("batch1", "INDIFFERENT-TABLE", 50, null));
            bus.handle(new BatchCreated("batch2", "INDIFFERENT-TABLE", 50, TODAY));
            bus.handle(new AllocationRequired("order1", "INDIFFERENT-TABLE", 20));
            bus.handle(new AllocationRequired("order2", "INDIFFERENT-TABLE", 20));
            List<Event> published = new ArrayList<>();
            MessageBus isolated = new MessageBus(() -> new RecordingUnitOfWork(database.begin(), published),
                    new Handlers(notifications).registry(), RetryPolicy.DEFAULT);

            isolated.handle(new BatchQuantityChanged("batch1", 25));

            assertThat(published).containsExactly(new AllocationRequired("order2", "INDIFFERENT-TABLE", 20));
            assertThat(available("INDIFFERENT-TABLE", "batch2")).as("nothing was reallocated").isEqualTo(50);
        }
    }

    /** Keeps the events its work recorded instead of giving them to the bus. */
    private record RecordingUnitOfWork(FakeUnitOfWork delegate, List<Event> published) implements UnitOfWork {

        @Override
        public dev.allocation.application.port.ProductRepository products() {
            return delegate.products();
        }

        @Override
        public void commit() {
            delegate.commit();
        }

        @Override
        public void rollback() {
            delegate.rollback();
        }

        @Override
        public List<Event> collectNewEvents() {
            published.addAll(delegate.collectNewEvents());
            return List.of();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
