package dev.allocation.application.port;

import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.AllocationRequired;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.model.Batch;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every implementation of {@link UnitOfWork} and {@link ProductRepository} promises. Each
 * adapter's test extends this class and says how to start its units of work.
 */
public abstract class UnitOfWorkContract {

    private static final LocalDate TOMORROW = LocalDate.of(2030, 1, 2);

    protected abstract UnitOfWorkFactory unitsOfWork();

    /** A SKU of this test alone, so that implementations over a shared database need no cleaning. */
    protected static String uniqueSku() {
        return "SKU-" + UUID.randomUUID();
    }

    private void insert(Product product) {
        try (UnitOfWork uow = unitsOfWork().begin()) {
            uow.products().add(product);
            uow.commit();
        }
    }

    private Product productWithBatches(String sku, int qty) {
        Product product = new Product(sku);
        product.addBatch(sku + "-warehouse", qty, null);
        product.addBatch(sku + "-shipment", qty, TOMORROW);
        insert(product);
        return product;
    }

    private Optional<String> allocate(String sku, String orderId, int qty) {
        try (UnitOfWork uow = unitsOfWork().begin()) {
            Optional<String> ref = uow.products().get(sku).orElseThrow().allocate(new OrderLine(orderId, sku, qty));
            uow.commit();
            return ref;
        }
    }

    private Product read(String sku) {
        try (UnitOfWork uow = unitsOfWork().begin()) {
            return uow.products().get(sku).orElseThrow();
        }
    }

    private static int available(Product product, String ref) {
        return product.batch(ref).orElseThrow().availableQuantity();
    }

    @Test
    void addsAndGetsAProductWithItsBatches() {
        String sku = uniqueSku();
        productWithBatches(sku, 100);

        Product loaded = read(sku);

        assertThat(loaded.sku()).isEqualTo(sku);
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.batches()).extracting(Batch::reference)
                .containsExactly(sku + "-warehouse", sku + "-shipment");
        Batch shipment = loaded.batch(sku + "-shipment").orElseThrow();
        assertThat(shipment.purchasedQuantity()).isEqualTo(100);
        assertThat(shipment.eta()).contains(TOMORROW);
        assertThat(loaded.batch(sku + "-warehouse").orElseThrow().eta()).isEmpty();
    }

    @Test
    void anUnknownSkuIsEmpty() {
        try (UnitOfWork uow = unitsOfWork().begin()) {
            assertThat(uow.products().get(uniqueSku())).isEmpty();
        }
    }

    @Test
    void getsTheProductOfABatch() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork uow = unitsOfWork().begin()) {
            assertThat(uow.products().getByBatchRef(sku + "-shipment")).map(Product::sku).contains(sku);
            assertThat(uow.products().getByBatchRef(sku + "-nothing")).isEmpty();
        }
    }

    @Test
    void askingTwiceGivesTheSameProductAndBothAreSeen() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork uow = unitsOfWork().begin()) {
            Product first = uow.products().get(sku).orElseThrow();
            assertThat(uow.products().getByBatchRef(sku + "-warehouse")).containsSame(first);
            assertThat(uow.products().seen()).containsExactly(first);
        }
    }

    @Test
    void commitPersistsAllocations() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        assertThat(allocate(sku, "order-1", 4)).contains(sku + "-warehouse");

        Product loaded = read(sku);
        assertThat(available(loaded, sku + "-warehouse")).isEqualTo(6);
        assertThat(loaded.version()).isEqualTo(3);
        assertThat(allocate(sku, "order-1", 4)).as("the stored line is found again").contains(sku + "-warehouse");
        assertThat(available(read(sku), sku + "-warehouse")).isEqualTo(6);
    }

    @Test
    void theDecisionSeesLinesAddedInTheSameUnitOfWork() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork uow = unitsOfWork().begin()) {
            Product product = uow.products().get(sku).orElseThrow();
            product.allocate(new OrderLine("order-1", sku, 4));
            assertThat(product.allocate(new OrderLine("order-1", sku, 4))).contains(sku + "-warehouse");
            assertThat(available(product, sku + "-warehouse")).isEqualTo(6);
            uow.commit();
        }
        assertThat(available(read(sku), sku + "-warehouse")).isEqualTo(6);
    }

    @Test
    void closingWithoutCommitRollsBack() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork uow = unitsOfWork().begin()) {
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("order-1", sku, 4));
        }

        assertThat(available(read(sku), sku + "-warehouse")).isEqualTo(10);
        assertThat(read(sku).version()).isEqualTo(2);
    }

    @Test
    void anExceptionRollsBack() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        assertThatThrownBy(() -> {
            try (UnitOfWork uow = unitsOfWork().begin()) {
                uow.products().get(sku).orElseThrow().allocate(new OrderLine("order-1", sku, 4));
                throw new IllegalStateException("boom");
            }
        }).hasMessage("boom");

        assertThat(available(read(sku), sku + "-warehouse")).isEqualTo(10);
    }

    @Test
    void explicitRollbackDiscardsTheChanges() {
        String sku = uniqueSku();
        try (UnitOfWork uow = unitsOfWork().begin()) {
            uow.products().add(new Product(sku));
            uow.rollback();
        }
        try (UnitOfWork uow = unitsOfWork().begin()) {
            assertThat(uow.products().get(sku)).isEmpty();
        }
    }

    @Test
    void eventsComeOnlyFromCommittedWork() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork uow = unitsOfWork().begin()) {
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("order-1", sku, 4));
            assertThat(uow.collectNewEvents()).isEmpty();
        }
        try (UnitOfWork uow = unitsOfWork().begin()) {
            Product product = uow.products().get(sku).orElseThrow();
            product.allocate(new OrderLine("order-2", sku, 4));
            product.allocate(new OrderLine("order-3", sku, 40));
            uow.commit();
            assertThat(uow.collectNewEvents()).containsExactly(
                    new Allocated("order-2", sku, 4, sku + "-warehouse"), new OutOfStock(sku));
            assertThat(uow.collectNewEvents()).isEmpty();
        }
    }

    @Test
    void takesBackTheMostRecentLinesAcrossUnitsOfWork() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        allocate(sku, "first", 3);
        allocate(sku, "second", 3);
        allocate(sku, "third", 3);

        try (UnitOfWork uow = unitsOfWork().begin()) {
            uow.products().getByBatchRef(sku + "-warehouse").orElseThrow().changeBatchQuantity(sku + "-warehouse", 4);
            uow.commit();
            assertThat(uow.collectNewEvents()).containsExactly(
                    new AllocationRequired("third", sku, 3), new AllocationRequired("second", sku, 3));
        }

        Product loaded = read(sku);
        assertThat(loaded.batch(sku + "-warehouse").orElseThrow().purchasedQuantity()).isEqualTo(4);
        assertThat(available(loaded, sku + "-warehouse")).isEqualTo(1);
        assertThat(allocate(sku, "second", 3)).as("a line taken back can be allocated again").contains(sku + "-shipment");
        assertThat(allocate(sku, "first", 3)).contains(sku + "-warehouse");
    }

    @Test
    void aLineAddedAndTakenBackInOneUnitOfWorkLeavesNothing() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork uow = unitsOfWork().begin()) {
            Product product = uow.products().get(sku).orElseThrow();
            product.allocate(new OrderLine("order-1", sku, 4));
            product.changeBatchQuantity(sku + "-warehouse", 2);
            uow.commit();
        }

        Product loaded = read(sku);
        assertThat(available(loaded, sku + "-warehouse")).isEqualTo(2);
        assertThat(allocate(sku, "order-1", 5)).as("order-1 holds nothing").contains(sku + "-shipment");
    }

    @Test
    void aStaleProductCannotBeCommitted() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork slow = unitsOfWork().begin()) {
            slow.products().get(sku).orElseThrow().allocate(new OrderLine("slow", sku, 8));
            allocate(sku, "fast", 8);
            assertThatThrownBy(slow::commit).isInstanceOf(ConcurrencyConflict.class);
        }

        Product loaded = read(sku);
        assertThat(available(loaded, sku + "-warehouse")).isEqualTo(2);
        assertThat(loaded.version()).isEqualTo(3);
    }

    @Test
    void aProductAddedTwiceConcurrentlyIsAConflict() {
        String sku = uniqueSku();
        try (UnitOfWork late = unitsOfWork().begin()) {
            late.products().add(new Product(sku));
            insert(new Product(sku));
            assertThatThrownBy(late::commit).isInstanceOf(ConcurrencyConflict.class);
        }
    }

    @Test
    void unchangedProductsAreNotWrittenAndDoNotConflict() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork reader = unitsOfWork().begin()) {
            reader.products().get(sku).orElseThrow();
            allocate(sku, "other", 1);
            reader.commit();
        }
        assertThat(read(sku).version()).isEqualTo(3);
    }

    @Test
    void anAddedBatchIsStoredAfterTheExistingOnes() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork uow = unitsOfWork().begin()) {
            uow.products().get(sku).orElseThrow().addBatch(sku + "-late", 5, null);
            uow.commit();
        }

        assertThat(read(sku).batches()).extracting(Batch::reference)
                .containsExactly(sku + "-warehouse", sku + "-shipment", sku + "-late");
        assertThat(allocate(sku, "big", 10)).contains(sku + "-warehouse");
        assertThat(allocate(sku, "small", 5)).as("ties go to the earlier batch").contains(sku + "-late");
    }
}
