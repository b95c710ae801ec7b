package dev.allocation.domain.model;

import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.OutOfStock;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
    private static final LocalDate TOMORROW = TODAY.plusDays(1);
    private static final LocalDate LATER = TODAY.plusDays(10);

    private static Batch batch(Product product, String ref) {
        return product.batch(ref).orElseThrow();
    }

    @Test
    void prefersWarehouseBatchesToShipments() {
        Product product = new Product("RETRO-CLOCK");
        product.addBatch("shipment-batch", 100, TOMORROW);
        product.addBatch("in-stock-batch", 100, null);

        product.allocate(new OrderLine("oref", "RETRO-CLOCK", 10));

        assertThat(batch(product, "in-stock-batch").availableQuantity()).isEqualTo(90);
        assertThat(batch(product, "shipment-batch").availableQuantity()).isEqualTo(100);
    }

    @Test
    void prefersEarlierBatches() {
        Product product = new Product("MINIMALIST-SPOON");
        product.addBatch("slow", 100, LATER);
        product.addBatch("medium", 100, TOMORROW);
        product.addBatch("speedy", 100, TODAY);

        product.allocate(new OrderLine("order1", "MINIMALIST-SPOON", 10));

        assertThat(batch(product, "speedy").availableQuantity()).isEqualTo(90);
        assertThat(batch(product, "medium").availableQuantity()).isEqualTo(100);
        assertThat(batch(product, "slow").availableQuantity()).isEqualTo(100);
    }

    @Test
    void tiesGoToTheBatchAddedFirst() {
        Product product = new Product("LAMP");
        product.addBatch("second-warehouse", 100, null);
        product.addBatch("eta-a", 100, TOMORROW);
        product.addBatch("eta-b", 100, TOMORROW);
        product.addBatch("first-warehouse", 100, null);

        assertThat(product.allocate(new OrderLine("o1", "LAMP", 100))).contains("second-warehouse");
        assertThat(product.allocate(new OrderLine("o2", "LAMP", 1))).contains("first-warehouse");
        product.allocate(new OrderLine("o3", "LAMP", 99));
        assertThat(product.allocate(new OrderLine("o4", "LAMP", 1))).contains("eta-a");
    }

    @Test
    void skipsABatchThatCannotTakeTheWholeLine() {
        Product product = new Product("LAMP");
        product.addBatch("small-warehouse", 5, null);
        product.addBatch("big-shipment", 50, TOMORROW);

        assertThat(product.allocate(new OrderLine("o1", "LAMP", 10))).contains("big-shipment");
        assertThat(batch(product, "small-warehouse").availableQuantity()).isEqualTo(5);
    }

    @Test
    void returnsTheAllocatedBatchRefAndRecordsAllocated() {
        Product product = new Product("HIGHBROW-POSTER");
        product.addBatch("in-stock-batch-ref", 100, null);
        product.addBatch("shipment-batch-ref", 100, TOMORROW);
        product.pullEvents();

        Optional<String> allocation = product.allocate(new OrderLine("oref", "HIGHBROW-POSTER", 10));

        assertThat(allocation).contains("in-stock-batch-ref");
        assertThat(product.pullEvents())
                .containsExactly(new Allocated("oref", "HIGHBROW-POSTER", 10, "in-stock-batch-ref"));
    }

    @Test
    void recordsOutOfStockWhenNothingFits() {
        Product product = new Product("SMALL-FORK");
        product.addBatch("batch1", 10, TODAY);
        product.allocate(new OrderLine("order1", "SMALL-FORK", 10));
        product.pullEvents();

        Optional<String> allocation = product.allocate(new OrderLine("order2", "SMALL-FORK", 1));

        assertThat(allocation).isEmpty();
        assertThat(product.pullEvents()).containsExactly(new OutOfStock("SMALL-FORK", "order2", 1));
    }

    @Test
    void incrementsTheVersionOnEveryChange() {
        Product product = new Product("LAMP");
        assertThat(product.version()).isZero();
        product.addBatch("b1", 10, null);
        assertThat(product.version()).isEqualTo(1);
        product.allocate(new OrderLine("o1", "LAMP", 1));
        assertThat(product.version()).isEqualTo(2);
        product.changeBatchQuantity("b1", 5);
        assertThat(product.version()).isEqualTo(3);
    }

    @Test
    void outOfStockChangesNothing() {
        Product product = new Product("LAMP");
        product.addBatch("b1", 1, null);
        long version = product.version();

        product.allocate(new OrderLine("o1", "LAMP", 2));

        assertThat(product.version()).isEqualTo(version);
        assertThat(batch(product, "b1").availableQuantity()).isEqualTo(1);
    }

    @Test
    void allocatingTheIdenticalLineAgainReturnsItsBatchAndChangesNothing() {
        Product product = new Product("LAMP");
        product.addBatch("warehouse", 10, null);
        product.addBatch("shipment", 10, TOMORROW);
        OrderLine line = new OrderLine("o1", "LAMP", 8);
        product.allocate(line);
        product.pullEvents();
        long version = product.version();

        assertThat(product.allocate(line)).contains("warehouse");

        assertThat(product.version()).isEqualTo(version);
        assertThat(product.pullEvents()).isEmpty();
        assertThat(batch(product, "warehouse").availableQuantity()).isEqualTo(2);
        assertThat(batch(product, "shipment").availableQuantity()).isEqualTo(10);
    }

    @Test
    void theSameOrderAndSkuWithAnotherQuantityIsRefused() {
        Product product = new Product("LAMP");
        product.addBatch("warehouse", 10, null);
        product.allocate(new OrderLine("o1", "LAMP", 3));
        long version = product.version();

        assertThatThrownBy(() -> product.allocate(new OrderLine("o1", "LAMP", 4)))
                .isInstanceOf(ConflictingOrderLine.class)
                .hasMessageContaining("Order o1 already has 3 of LAMP");
        assertThat(product.version()).isEqualTo(version);
        assertThat(batch(product, "warehouse").availableQuantity()).isEqualTo(7);
    }

    @Test
    void addingTheIdenticalBatchAgainChangesNothing() {
        Product product = new Product("LAMP");
        assertThat(product.addBatch("b1", 10, TOMORROW)).isTrue();
        assertThat(product.addBatch("b1", 10, TOMORROW)).isFalse();
        assertThat(product.batches()).hasSize(1);
        assertThat(product.version()).isEqualTo(1);
    }

    @Test
    void aReferenceWithOtherDetailsIsADuplicate() {
        Product product = new Product("LAMP");
        product.addBatch("b1", 10, null);
        assertThatThrownBy(() -> product.addBatch("b1", 11, null))
                .isInstanceOf(DuplicateBatch.class).hasMessage("Batch b1 already exists with quantity 10, not 11");
        assertThatThrownBy(() -> product.addBatch("b1", 10, TODAY))
                .isInstanceOf(DuplicateBatch.class).hasMessage("Batch b1 already exists with ETA none, not " + TODAY);
    }

    @Test
    void changingQuantityTakesBackTheLatestLinesUntilTheBatchFits() {
        Product product = new Product("TABLE");
        product.addBatch("batch1", 50, null);
        product.allocate(new OrderLine("order1", "TABLE", 20));
        product.allocate(new OrderLine("order2", "TABLE", 20));
        product.allocate(new OrderLine("order3", "TABLE", 5));
        product.pullEvents();

        product.changeBatchQuantity("batch1", 22);

        assertThat(product.pullEvents()).containsExactly(
                new Deallocated("order3", "TABLE", 5, "batch1"),
                new Deallocated("order2", "TABLE", 20, "batch1"));
        assertThat(batch(product, "batch1").availableQuantity()).isEqualTo(2);
        assertThat(batch(product, "batch1").purchasedQuantity()).isEqualTo(22);
    }

    @Test
    void changingQuantityWithinWhatIsFreeTakesNothingBack() {
        Product product = new Product("TABLE");
        product.addBatch("batch1", 50, null);
        product.allocate(new OrderLine("order1", "TABLE", 20));
        product.pullEvents();

        product.changeBatchQuantity("batch1", 20);

        assertThat(product.pullEvents()).isEmpty();
        assertThat(batch(product, "batch1").availableQuantity()).isZero();
    }

    @Test
    void eventsAreHandedOverOnce() {
        Product product = new Product("LAMP");
        product.addBatch("b1", 1, null);
        product.allocate(new OrderLine("o1", "LAMP", 1));
        assertThat(product.pullEvents()).hasSize(1);
        assertThat(product.pullEvents()).isEmpty();
    }

    @Test
    void refusesALineOfAnotherSku() {
        Product product = new Product("LAMP");
        assertThatThrownBy(() -> product.allocate(new OrderLine("o1", "CHAIR", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
