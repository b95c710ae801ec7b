package dev.allocation.domain.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchTest {

    private static Batch batchOf(String sku, int qty) {
        return new Batch("batch-001", sku, qty, null);
    }

    @Test
    void allocatingReducesTheAvailableQuantity() {
        Batch batch = batchOf("SMALL-TABLE", 20);
        batch.allocate(new OrderLine("order-ref", "SMALL-TABLE", 2));
        assertThat(batch.availableQuantity()).isEqualTo(18);
        assertThat(batch.allocatedQuantity()).isEqualTo(2);
    }

    @Test
    void canAllocateIfAvailableGreaterThanOrEqualToRequired() {
        assertThat(batchOf("ELEGANT-LAMP", 20).canAllocate(new OrderLine("o", "ELEGANT-LAMP", 2))).isTrue();
        assertThat(batchOf("ELEGANT-LAMP", 2).canAllocate(new OrderLine("o", "ELEGANT-LAMP", 2))).isTrue();
    }

    @Test
    void cannotAllocateIfAvailableSmallerThanRequired() {
        assertThat(batchOf("ELEGANT-LAMP", 1).canAllocate(new OrderLine("o", "ELEGANT-LAMP", 2))).isFalse();
    }

    @Test
    void cannotAllocateIfSkusDoNotMatch() {
        assertThat(batchOf("UNCOMFORTABLE-CHAIR", 100).canAllocate(new OrderLine("o", "EXPENSIVE-TOASTER", 10)))
                .isFalse();
    }

    @Test
    void allocatingBeyondAvailabilityIsRefused() {
        Batch batch = batchOf("LAMP", 1);
        assertThatThrownBy(() -> batch.allocate(new OrderLine("o", "LAMP", 2)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(batch.availableQuantity()).isEqualTo(1);
    }

    @Test
    void deallocatesTheMostRecentLineFirst() {
        Batch batch = batchOf("LAMP", 10);
        batch.allocate(new OrderLine("first", "LAMP", 2));
        batch.allocate(new OrderLine("second", "LAMP", 3));
        assertThat(batch.deallocateLatest()).isEqualTo(new OrderLine("second", "LAMP", 3));
        assertThat(batch.availableQuantity()).isEqualTo(8);
        assertThat(batch.deallocateLatest()).isEqualTo(new OrderLine("first", "LAMP", 2));
        assertThat(batch.availableQuantity()).isEqualTo(10);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Batch(" ", "SKU", 1, null)).hasMessageContaining("reference");
        assertThatThrownBy(() -> new Batch("ref", "", 1, null)).hasMessageContaining("sku");
        assertThatThrownBy(() -> new Batch("ref", "SKU", -1, null)).hasMessageContaining("purchased quantity");
        assertThatThrownBy(() -> new OrderLine("", "SKU", 1)).hasMessageContaining("orderId");
        assertThatThrownBy(() -> new OrderLine("o", null, 1)).hasMessageContaining("sku");
        assertThatThrownBy(() -> new OrderLine("o", "SKU", 0)).hasMessageContaining("qty must be at least 1");
    }

    @Test
    void aBatchOfZeroIsAllowed() {
        assertThat(new Batch("ref", "SKU", 0, null).availableQuantity()).isZero();
    }
}
