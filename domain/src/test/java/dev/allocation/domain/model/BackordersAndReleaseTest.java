package dev.allocation.domain.model;

import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Backordered;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.events.StockFreed;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cancelling a line, lines kept waiting for stock, and filling them when stock appears. */
class BackordersAndReleaseTest {

    private static final String SKU = "LAMP";

    private static OrderLine line(String orderId, int qty) {
        return new OrderLine(orderId, SKU, qty);
    }

    private static Product productWith(int... quantities) {
        Product product = new Product(SKU);
        for (int i = 0; i < quantities.length; i++) {
            product.addBatch("b" + (i + 1), quantities[i], null);
        }
        product.pullEvents();
        return product;
    }

    @Test
    void deallocatingAnAllocatedLineFreesItsStockAtOnceAndReallocatesNothing() {
        Product product = productWith(10);
        product.allocate(line("o1", 6));
        product.allocate(line("o2", 4));
        product.pullEvents();

        LineReleased released = product.deallocate("o1");

        assertThat(released).isEqualTo(new LineReleased("o1", SKU, 6, "b1"));
        assertThat(product.batch("b1").orElseThrow().availableQuantity()).isEqualTo(6);
        assertThat(product.pullEvents()).containsExactly(released); // nothing waits, so no StockFreed
        assertThat(product.allocate(line("o3", 6))).contains("b1");
    }

    @Test
    void deallocatingTwiceOrAnUnknownLineIsRefusedAndChangesNothing() {
        Product product = productWith(10);
        product.allocate(line("o1", 6));
        product.deallocate("o1");
        long version = product.version();
        product.pullEvents();

        assertThatThrownBy(() -> product.deallocate("o1")).isInstanceOf(NoSuchLine.class)
                .hasMessage("No line for LAMP in order o1");
        assertThatThrownBy(() -> product.deallocate("nobody")).isInstanceOf(NoSuchLine.class);
        assertThat(product.version()).isEqualTo(version);
        assertThat(product.pullEvents()).isEmpty();
    }

    @Test
    void aLineAskingForABackorderWaitsWhenNothingFitsAndIsReportedOutOfStock() {
        Product product = productWith(5);

        AllocationOutcome outcome = product.allocate(line("o1", 8), true);

        assertThat(outcome).isEqualTo(new AllocationOutcome.Waiting());
        assertThat(product.backorders().lines()).isEqualTo(1);
        assertThat(product.backorders().quantity()).isEqualTo(8);
        assertThat(product.pullEvents()).containsExactly(new OutOfStock(SKU, "o1", 8), new Backordered("o1", SKU, 8));
        assertThat(product.allocate(line("o1", 8), true)).as("the identical line again").isEqualTo(new AllocationOutcome.Waiting());
        assertThat(product.pullEvents()).isEmpty();
        assertThatThrownBy(() -> product.allocate(line("o1", 3), true)).isInstanceOf(ConflictingOrderLine.class)
                .hasMessageContaining("waiting for stock");
    }

    @Test
    void withoutABackorderNothingWaits() {
        Product product = productWith(5);

        assertThat(product.allocate(line("o1", 8), false)).isEqualTo(new AllocationOutcome.NoStock());
        assertThat(product.backorders().lines()).isZero();
        assertThat(product.pullEvents()).containsExactly(new OutOfStock(SKU, "o1", 8));
    }

    @Test
    void aLineThatFitsIsAllocatedEvenWhenItAsksForABackorder() {
        Product product = productWith(5);

        assertThat(product.allocate(line("o1", 5), true)).isEqualTo(new AllocationOutcome.InBatch("b1"));
        assertThat(product.backorders().lines()).isZero();
    }

    @Test
    void aWaitingLineCanBeReleased() {
        Product product = productWith(1);
        product.allocate(line("o1", 8), true);
        product.pullEvents();

        assertThat(product.deallocate("o1")).isEqualTo(new LineReleased("o1", SKU, 8, null));
        assertThat(product.backorders().lines()).isZero();
        assertThat(product.backorders().quantity()).isZero();
    }

    @Test
    void stockAppearingWhileLinesWaitRecordsStockFreed() {
        Product product = productWith(2);
        product.allocate(line("o1", 2));
        product.allocate(line("o2", 5), true);
        product.pullEvents();

        product.addBatch("b2", 1, null);
        assertThat(product.pullEvents()).containsExactly(new StockFreed(SKU));
        product.changeBatchQuantity("b2", 3);
        assertThat(product.pullEvents()).containsExactly(new StockFreed(SKU));
        product.deallocate("o1");
        assertThat(product.pullEvents()).containsExactly(new LineReleased("o1", SKU, 2, "b1"), new StockFreed(SKU));
    }

    @Test
    void waitingLinesAreFilledOldestFirstAndOnesThatDoNotFitAreSkipped() {
        Product product = productWith(0);
        product.allocate(line("big", 8), true);
        product.allocate(line("small-1", 2), true);
        product.allocate(line("small-2", 3), true);
        product.allocate(line("small-3", 1), true);
        product.pullEvents();
        product.changeBatchQuantity("b1", 5);
        product.pullEvents();

        int filled = product.allocateBackorders(Integer.MAX_VALUE);

        assertThat(filled).isEqualTo(2);
        assertThat(product.pullEvents()).containsExactly(new Allocated("small-1", SKU, 2, "b1"), new Allocated("small-2", SKU, 3, "b1"));
        assertThat(product.backorders().lines()).as("big does not fit; small-3 finds the batch full").isEqualTo(2);
        assertThat(product.allocate(line("small-3", 1), true)).isEqualTo(new AllocationOutcome.Waiting());
    }

    @Test
    void aFillStopsAtItsLimitAndRecordsStockFreedToGoOn() {
        Product product = productWith(0);
        for (int i = 1; i <= 5; i++) {
            product.allocate(line("o" + i, 1), true);
        }
        product.changeBatchQuantity("b1", 10);
        product.pullEvents();

        assertThat(product.allocateBackorders(2)).isEqualTo(2);
        assertThat(product.pullEvents()).containsExactly(new Allocated("o1", SKU, 1, "b1"), new Allocated("o2", SKU, 1, "b1"),
                new StockFreed(SKU));
        assertThat(product.allocateBackorders(5)).isEqualTo(3);
        assertThat(product.pullEvents()).doesNotContain(new StockFreed(SKU));
    }

    @Test
    void filledLinesGoToTheirPreferredBatch() {
        Product product = new Product(SKU);
        product.addBatch("shipment", 0, LocalDate.of(2030, 1, 1));
        product.allocate(line("o1", 4), true);
        product.addBatch("warehouse", 10, null);
        product.changeBatchQuantity("shipment", 10);
        product.pullEvents();

        product.allocateBackorders(Integer.MAX_VALUE);

        assertThat(product.pullEvents()).containsExactly(new Allocated("o1", SKU, 4, "warehouse"));
    }

    @Test
    void aLineTakenBackByAShrinkIsRecordedForReallocation() {
        Product product = productWith(10);
        product.allocate(line("o1", 4));
        product.allocate(line("o2", 4));
        product.pullEvents();

        product.changeBatchQuantity("b1", 6);

        assertThat(product.pullEvents()).containsExactly(new Deallocated("o2", SKU, 4, "b1"));
        assertThat(product.allocate(line("o2", 4), true)).as("what the reallocation does when nothing fits")
                .isEqualTo(new AllocationOutcome.Waiting());
    }
}
