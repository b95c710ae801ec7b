package dev.allocation.application.port;

import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.application.port.out.ProductRepository;
import dev.allocation.application.port.out.Publication;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.model.AllocationOutcome;
import dev.allocation.domain.model.NoSuchLine;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.model.Batch;
import dev.allocation.domain.model.DuplicateBatch;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every implementation of {@link UnitOfWork}, {@link ProductRepository} and {@link Deliveries}
 * promises: the fake, H2 and PostgreSQL. Each adapter's test extends this class and hands over its
 * units of work and deliveries, built with {@link #SUBSCRIPTIONS}.
 */
public abstract class UnitOfWorkContract {

    private static final LocalDate TOMORROW = LocalDate.of(2030, 1, 2);
    /** The handlers the contract's events go to: two for a line taken back, one for out of stock. */
    public static final Subscriptions SUBSCRIPTIONS = new Subscriptions() {
        @Override
        public List<String> handlersOf(Class<? extends Event> type) {
            return type == Deallocated.class ? List.of("first", "second") : type == OutOfStock.class ? List.of("notify") : List.of();
        }

        /** Every event goes out to one broker, and allocations to a second. */
        @Override
        public List<String> destinationsOf(Class<? extends Event> type) {
            return type == Allocated.class ? List.of("broker", "channel") : List.of("broker");
        }
    };
    private static final Envelope<String> CAUSE = Envelope.command("a test's command", "contract-correlation");

    /** Units of work that store deliveries by {@link #SUBSCRIPTIONS}. */
    protected abstract UnitOfWorkFactory unitsOfWork();

    /** The deliveries of the same database. */
    protected abstract Deliveries deliveries();

    /** The publications of the same database. */
    protected abstract Outbox outbox();

    /** The event history of the same database. */
    protected abstract EventHistory history();

    private BusUnitOfWork begin() {
        return unitsOfWork().begin(CAUSE);
    }

    /** A SKU of this test alone, so that implementations over a shared database need no cleaning. */
    protected static String uniqueSku() {
        return "SKU-" + UUID.randomUUID();
    }

    private void insert(Product product) {
        try (BusUnitOfWork uow = begin()) {
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
        try (BusUnitOfWork uow = begin()) {
            Optional<String> ref = uow.products().get(sku).orElseThrow().allocate(new OrderLine(orderId, sku, qty));
            uow.commit();
            return ref;
        }
    }

    private Product read(String sku) {
        try (BusUnitOfWork uow = begin()) {
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
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.products().get(uniqueSku())).isEmpty();
        }
    }

    @Test
    void getsTheProductOfABatch() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.products().getByBatchRef(sku + "-shipment")).map(Product::sku).contains(sku);
            assertThat(uow.products().getByBatchRef(sku + "-nothing")).isEmpty();
        }
    }

    @Test
    void askingTwiceGivesTheSameProductAndBothAreSeen() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (BusUnitOfWork uow = begin()) {
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

        try (BusUnitOfWork uow = begin()) {
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

        try (BusUnitOfWork uow = begin()) {
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
            try (BusUnitOfWork uow = begin()) {
                uow.products().get(sku).orElseThrow().allocate(new OrderLine("order-1", sku, 4));
                throw new IllegalStateException("boom");
            }
        }).hasMessage("boom");

        assertThat(available(read(sku), sku + "-warehouse")).isEqualTo(10);
    }

    @Test
    void anAddedProductIsGoneWhenNotCommitted() {
        String sku = uniqueSku();
        try (BusUnitOfWork uow = begin()) {
            uow.products().add(new Product(sku));
        }
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.products().get(sku)).isEmpty();
        }
    }

    @Test
    void theCommitStoresADeliveryPerEventAndHandler() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (BusUnitOfWork uow = begin()) {
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("order-1", sku, 40));
            assertThat(uow.newDeliveries()).as("nothing before the commit").isEmpty();
        }
        assertThat(pendingOf("notify", sku)).as("nothing from work rolled back").isEmpty();

        List<Delivery> stored;
        try (BusUnitOfWork uow = begin()) {
            Product product = uow.products().get(sku).orElseThrow();
            product.allocate(new OrderLine("order-2", sku, 4));
            product.allocate(new OrderLine("order-3", sku, 40));
            uow.commit();
            stored = uow.newDeliveries();
        }
        assertThat(stored).singleElement().satisfies(delivery -> {
            assertThat(delivery.handler()).isEqualTo("notify");
            assertThat(delivery.attempts()).isZero();
            assertThat(delivery.event().message()).isEqualTo(new OutOfStock(sku, "order-3", 40));
            assertThat(delivery.event().correlationId()).isEqualTo(CAUSE.correlationId());
            assertThat(delivery.event().causationId()).isEqualTo(CAUSE.id());
        });
        assertThat(pendingOf("notify", sku)).containsExactlyElementsOf(stored);
    }

    @Test
    void theHistoryKeepsEveryEventACommitRecordedAndNoneOfWorkRolledBack() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        try (BusUnitOfWork uow = begin()) {
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("rolled-back", sku, 1));
        }
        allocate(sku, "order-1", 2);
        allocate(sku, "order-2", 40);

        List<Envelope<Event>> events = history().ofSku(sku, Instant.EPOCH, 100);
        assertThat(events).extracting(Envelope::message).containsExactly(
                new Allocated("order-1", sku, 2, sku + "-warehouse"), new OutOfStock(sku, "order-2", 40));
        assertThat(events).allSatisfy(event -> {
            assertThat(event.correlationId()).isEqualTo(CAUSE.correlationId());
            assertThat(event.causationId()).isEqualTo(CAUSE.id());
        });
        assertThat(events.get(0).id()).as("the id its publications carry")
                .isEqualTo(publicationsOf("broker", sku).get(0).event().id());
        assertThat(history().ofOrder("order-2")).extracting(Envelope::message)
                .containsExactly(new OutOfStock(sku, "order-2", 40));
        assertThat(history().ofOrder("rolled-back")).isEmpty();
    }

    @Test
    void anOrdersHistoryLinksALineTakenBackToTheAllocationItCaused() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        String order = "moved-" + sku;
        allocate(sku, order, 6);
        try (BusUnitOfWork uow = begin()) {
            uow.products().get(sku).orElseThrow().changeBatchQuantity(sku + "-warehouse", 4);
            uow.commit();
        }
        Envelope<Event> deallocated = history().ofOrder(order).get(1);
        assertThat(deallocated.message()).isEqualTo(new Deallocated(order, sku, 6, sku + "-warehouse"));
        try (BusUnitOfWork uow = unitsOfWork().begin(deallocated)) {
            uow.products().get(sku).orElseThrow().allocate(new OrderLine(order, sku, 6));
            uow.commit();
        }

        List<Envelope<Event>> events = history().ofOrder(order);
        assertThat(events).extracting(Envelope::message).containsExactly(
                new Allocated(order, sku, 6, sku + "-warehouse"),
                new Deallocated(order, sku, 6, sku + "-warehouse"),
                new Allocated(order, sku, 6, sku + "-shipment"));
        assertThat(events.get(2).causationId()).isEqualTo(events.get(1).id());
        assertThat(events).extracting(Envelope::correlationId).containsOnly(CAUSE.correlationId());
    }

    @Test
    void aSkusHistoryComesInPagesThatNeverSplitACommit() {
        String sku = uniqueSku();
        productWithBatches(sku, 100);
        try (BusUnitOfWork uow = begin()) {
            Product product = uow.products().get(sku).orElseThrow();
            product.allocate(new OrderLine("a", sku, 1));
            product.allocate(new OrderLine("b", sku, 1));
            product.allocate(new OrderLine("c", sku, 1));
            uow.commit();
        }
        allocate(sku, "d", 1);
        allocate(sku, "e", 1);

        List<Envelope<Event>> first = history().ofSku(sku, Instant.EPOCH, 2);
        assertThat(first).as("the three of one commit, though two were asked for")
                .extracting(event -> ((Allocated) event.message()).orderId()).containsExactly("a", "b", "c");
        List<Envelope<Event>> second = history().ofSku(sku, first.get(2).recordedAt(), 1);
        assertThat(second).extracting(event -> ((Allocated) event.message()).orderId()).containsExactly("d");
        List<Envelope<Event>> rest = history().ofSku(sku, second.get(0).recordedAt(), 10);
        assertThat(rest).extracting(event -> ((Allocated) event.message()).orderId()).containsExactly("e");
        assertThat(history().ofSku(sku, rest.get(0).recordedAt(), 10)).isEmpty();
    }

    @Test
    void aTimeRangeIsReadInTheOrderRecordedOfOneSkuOrAllAPageAtATime() {
        String sku = uniqueSku();
        String other = uniqueSku();
        productWithBatches(sku, 100);
        productWithBatches(other, 100);
        allocate(sku, "before", 1);
        Instant from = history().ofSku(sku, Instant.EPOCH, 10).get(0).recordedAt().plusNanos(1_000);
        await().until(() -> Instant.now().isAfter(from));
        for (int i = 0; i < 3; i++) {
            allocate(sku, "in-" + i, 1);
            allocate(other, "other-" + i, 1);
        }
        List<Envelope<Event>> ofSku = history().ofSku(sku, Instant.EPOCH, 10);
        Instant to = ofSku.get(ofSku.size() - 1).recordedAt(); // the last, in-2, is left out

        List<EventHistory.Stored> all = new java.util.ArrayList<>();
        long after = -1;
        for (List<EventHistory.Stored> page = history().recordedBetween(from, to, Optional.empty(), after, 2); !page.isEmpty();
             page = history().recordedBetween(from, to, Optional.empty(), after, 2)) {
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            all.addAll(page);
            after = page.get(page.size() - 1).position();
        }
        assertThat(all).extracting(stored -> ((Allocated) stored.event().message()).orderId())
                .as("other tests' events of the range may come between").containsSubsequence("in-0", "other-0", "in-1", "other-1")
                .doesNotContain("before", "in-2");
        assertThat(all).extracting(EventHistory.Stored::position).isSorted();
        assertThat(history().recordedBetween(from, to, Optional.of(sku), -1, 10))
                .extracting(stored -> ((Allocated) stored.event().message()).orderId()).containsExactly("in-0", "in-1");
        assertThat(history().recordedBetween(to, to.plusSeconds(60), Optional.of(other), -1, 10))
                .extracting(stored -> ((Allocated) stored.event().message()).orderId()).containsExactly("other-2");
    }

    @Test
    void forgettingTakesOnlyWhatIsOlderThanTheCutoffInBatchesOfAtMostTheLimit() {
        String sku = uniqueSku();
        productWithBatches(sku, 100);
        allocate(sku, "old-1", 1);
        allocate(sku, "old-2", 1);
        allocate(sku, "new", 1);
        List<Envelope<Event>> all = history().ofSku(sku, Instant.EPOCH, 10);
        Instant cutoff = all.get(2).recordedAt();
        assertThat(all.get(1).recordedAt()).isBefore(cutoff);

        assertThat(history().forgetBefore(cutoff, 1)).isEqualTo(1);
        while (history().forgetBefore(cutoff, 1_000) == 1_000) {
            // other tests' older events, on a shared database
        }
        assertThat(history().ofSku(sku, Instant.EPOCH, 10)).extracting(event -> ((Allocated) event.message()).orderId())
                .containsExactly("new");
        assertThat(history().forgetBefore(cutoff, 1_000)).isZero();
    }

    @Test
    void takesBackTheMostRecentLinesAcrossUnitsOfWork() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        allocate(sku, "first", 3);
        allocate(sku, "second", 3);
        allocate(sku, "third", 3);

        try (BusUnitOfWork uow = begin()) {
            uow.products().getByBatchRef(sku + "-warehouse").orElseThrow().changeBatchQuantity(sku + "-warehouse", 4);
            uow.commit();
            assertThat(uow.newDeliveries()).extracting(Delivery::handler, delivery -> delivery.event().message())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("first", new Deallocated("third", sku, 3, sku + "-warehouse")),
                            org.assertj.core.groups.Tuple.tuple("second", new Deallocated("third", sku, 3, sku + "-warehouse")),
                            org.assertj.core.groups.Tuple.tuple("first", new Deallocated("second", sku, 3, sku + "-warehouse")),
                            org.assertj.core.groups.Tuple.tuple("second", new Deallocated("second", sku, 3, sku + "-warehouse")));
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

        try (BusUnitOfWork uow = begin()) {
            Product product = uow.products().get(sku).orElseThrow();
            product.allocate(new OrderLine("order-1", sku, 4));
            product.changeBatchQuantity(sku + "-warehouse", 2);
            uow.commit();
        }

        Product loaded = read(sku);
        assertThat(available(loaded, sku + "-warehouse")).isEqualTo(2);
        assertThat(allocate(sku, "order-1", 5)).as("order-1 holds nothing").contains(sku + "-shipment");
    }

    private AllocationOutcome backorder(String sku, String orderId, int qty) {
        try (BusUnitOfWork uow = begin()) {
            AllocationOutcome outcome = uow.products().get(sku).orElseThrow().allocate(new OrderLine(orderId, sku, qty), true);
            uow.commit();
            return outcome;
        }
    }

    @Test
    void waitingLinesAreStoredWithTheirCountsAndFoundByOrder() {
        String sku = uniqueSku();
        productWithBatches(sku, 1);

        assertThat(backorder(sku, "w1", 5)).isEqualTo(new AllocationOutcome.Waiting());
        assertThat(backorder(sku, "w2", 7)).isEqualTo(new AllocationOutcome.Waiting());

        Product loaded = read(sku);
        assertThat(loaded.backorders().lines()).isEqualTo(2);
        assertThat(loaded.backorders().quantity()).isEqualTo(12);
        assertThat(loaded.backorders().find("w2")).contains(new OrderLine("w2", sku, 7));
        assertThat(loaded.backorders().find("nobody")).isEmpty();
        assertThat(loaded.backorders().oldestFirst(6)).containsExactly(new OrderLine("w1", sku, 5));
        assertThat(backorder(sku, "w1", 5)).as("the identical line again").isEqualTo(new AllocationOutcome.Waiting());
        assertThat(read(sku).backorders().lines()).isEqualTo(2);
    }

    @Test
    void aReleasedLineIsGoneFromWhereverItWas() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        allocate(sku, "first", 3);
        allocate(sku, "second", 3);
        allocate(sku, "third", 3);
        backorder(sku, "waiting", 50);

        try (BusUnitOfWork uow = begin()) {
            Product product = uow.products().get(sku).orElseThrow();
            assertThat(product.deallocate("second")).isEqualTo(new LineReleased("second", sku, 3, sku + "-warehouse"));
            assertThat(product.deallocate("waiting")).isEqualTo(new LineReleased("waiting", sku, 50, null));
            uow.commit();
        }

        Product loaded = read(sku);
        assertThat(available(loaded, sku + "-warehouse")).isEqualTo(4);
        assertThat(loaded.backorders().lines()).isZero();
        assertThat(loaded.backorders().quantity()).isZero();
        try (BusUnitOfWork uow = begin()) {
            Product product = uow.products().get(sku).orElseThrow();
            assertThatThrownBy(() -> product.deallocate("second")).isInstanceOf(NoSuchLine.class);
            product.changeBatchQuantity(sku + "-warehouse", 3);
            assertThat(product.pullEvents()).as("the latest line still held goes first").startsWith(
                    new Deallocated("third", sku, 3, sku + "-warehouse"));
        }
        assertThat(allocate(sku, "second", 4)).as("second holds nothing").contains(sku + "-warehouse");
    }

    @Test
    void waitingLinesAreFilledAcrossPagesAndMoveToTheirBatches() {
        String sku = uniqueSku();
        Product product = new Product(sku);
        product.addBatch(sku + "-warehouse", 1, null);
        insert(product);
        allocate(sku, "holder", 1);
        try (BusUnitOfWork uow = begin()) {
            Product loaded = uow.products().get(sku).orElseThrow();
            for (int i = 0; i < 600; i++) {
                loaded.allocate(new OrderLine(String.format("w%04d", i), sku, 1), true);
            }
            uow.commit();
        }

        try (BusUnitOfWork uow = begin()) {
            Product loaded = uow.products().get(sku).orElseThrow();
            loaded.changeBatchQuantity(sku + "-warehouse", 551);
            assertThat(loaded.allocateBackorders(Integer.MAX_VALUE)).as("more than a page is read").isEqualTo(550);
            uow.commit();
        }

        Product loaded = read(sku);
        assertThat(available(loaded, sku + "-warehouse")).isZero();
        assertThat(loaded.backorders().lines()).isEqualTo(50);
        assertThat(loaded.backorders().find("w0549")).as("the oldest were filled").isEmpty();
        assertThat(loaded.backorders().find("w0550")).isPresent();
        assertThat(loaded.batch(sku + "-warehouse").orElseThrow().allocatedQuantity()).isEqualTo(551);
        assertThat(loaded.backorders().oldestFirst(1)).first().isEqualTo(new OrderLine("w0550", sku, 1));
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.products().get(sku).orElseThrow().deallocate("w0500").batchRef()).isEqualTo(sku + "-warehouse");
        }
    }

    @Test
    void aStaleProductCannotBeCommitted() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork slow = begin()) {
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
        try (UnitOfWork late = begin()) {
            late.products().add(new Product(sku));
            insert(new Product(sku));
            assertThatThrownBy(late::commit).isInstanceOf(ConcurrencyConflict.class);
        }
    }

    @Test
    void aReferenceTakenMeanwhileByAnotherSkuIsADuplicateNotAConflict() {
        String sku = uniqueSku();
        String ref = sku + "-contested";
        try (UnitOfWork late = begin()) {
            Product mine = new Product(sku);
            mine.addBatch(ref, 5, null);
            late.products().add(mine);
            Product theirs = new Product(sku + "-other");
            theirs.addBatch(ref, 5, null);
            insert(theirs);
            // Retrying would meet the same committed row: the client's answer is the duplicate.
            assertThatThrownBy(late::commit).isInstanceOf(DuplicateBatch.class).hasMessage("Batch " + ref + " already exists");
        }
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.products().get(sku)).as("nothing of the refused product was written").isEmpty();
        }
    }

    @Test
    void unchangedProductsAreNotWrittenAndDoNotConflict() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);

        try (UnitOfWork reader = begin()) {
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

        try (BusUnitOfWork uow = begin()) {
            uow.products().get(sku).orElseThrow().addBatch(sku + "-late", 5, null);
            uow.commit();
        }

        assertThat(read(sku).batches()).extracting(Batch::reference)
                .containsExactly(sku + "-warehouse", sku + "-shipment", sku + "-late");
        assertThat(allocate(sku, "big", 10)).contains(sku + "-warehouse");
        assertThat(allocate(sku, "small", 5)).as("ties go to the earlier batch").contains(sku + "-late");
    }

    // ---- The deliveries: claiming, completing, order, failures ----

    private List<Delivery> pendingOf(String handler, String sku) {
        return deliveries().pendingOf(handler, sku, Instant.now().plusSeconds(3600), 100);
    }

    /** Takes lines back from a batch of 10 holding one line each of the given orders. */
    private List<Delivery> takeBack(String sku, String... orderIds) {
        productWithBatches(sku, 10);
        for (String orderId : orderIds) {
            allocate(sku, orderId, 1);
        }
        try (BusUnitOfWork uow = begin()) {
            uow.products().get(sku).orElseThrow().changeBatchQuantity(sku + "-warehouse", 0);
            uow.commit();
            return uow.newDeliveries().stream().filter(d -> d.handler().equals("first")).toList();
        }
    }

    private boolean complete(Delivery delivery) {
        try (BusUnitOfWork uow = begin()) {
            if (uow.claim(delivery) != BusUnitOfWork.Claim.TAKEN) {
                return false;
            }
            uow.commit();
            return true;
        }
    }

    @Test
    void aCommitThatClaimedADeliveryCompletesItOnce() {
        String sku = uniqueSku();
        Delivery delivery = takeBack(sku, "a").get(0);

        assertThat(complete(delivery)).isTrue();
        assertThat(pendingOf("first", sku)).isEmpty();
        assertThat(pendingOf("second", sku)).as("the other handler's delivery is its own").hasSize(1);
        assertThat(complete(delivery)).as("done is done").isFalse();
    }

    @Test
    void aClaimThatIsNotCommittedLeavesTheDeliveryPending() {
        String sku = uniqueSku();
        Delivery delivery = takeBack(sku, "a").get(0);

        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.claim(delivery)).isEqualTo(BusUnitOfWork.Claim.TAKEN);
        }
        assertThat(pendingOf("first", sku)).containsExactly(delivery);
        assertThat(complete(delivery)).isTrue();
    }

    @Test
    void theWorkOfADeliveryCommitsWithItsCompletion() {
        String sku = uniqueSku();
        Delivery delivery = takeBack(sku, "a").get(0);

        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.claim(delivery)).isEqualTo(BusUnitOfWork.Claim.TAKEN);
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("a", sku, 1));
        }
        assertThat(pendingOf("first", sku)).as("rolled back together").containsExactly(delivery);
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.claim(delivery)).isEqualTo(BusUnitOfWork.Claim.TAKEN);
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("a", sku, 1));
            uow.commit();
        }
        assertThat(pendingOf("first", sku)).isEmpty();
        assertThat(available(read(sku), sku + "-shipment")).isEqualTo(9);
    }

    @Test
    void aDeliveryWaitsForTheEarlierOnesOfItsSequence() {
        String sku = uniqueSku();
        List<Delivery> inOrder = takeBack(sku, "a", "b", "c");
        assertThat(inOrder).extracting(d -> ((Deallocated) d.event().message()).orderId()).containsExactly("c", "b", "a");

        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.claim(inOrder.get(1))).as("not before the first").isEqualTo(BusUnitOfWork.Claim.BEHIND);
        }
        assertThat(complete(inOrder.get(0))).isTrue();
        assertThat(complete(inOrder.get(1))).isTrue();
        assertThat(pendingOf("first", sku)).containsExactly(inOrder.get(2));
    }

    @Test
    void aClaimWaitsWhileAnotherUnitOfWorkHoldsTheEarlierDelivery() throws Exception {
        String sku = uniqueSku();
        List<Delivery> inOrder = takeBack(sku, "a", "b");

        CompletableFuture<Boolean> second;
        try (BusUnitOfWork holder = begin()) {
            assertThat(holder.claim(inOrder.get(0))).isEqualTo(BusUnitOfWork.Claim.TAKEN);
            second = CompletableFuture.supplyAsync(() -> complete(inOrder.get(1)));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
            assertThat(second).as("waits for the holder").isNotDone();
            holder.commit();
        }
        assertThat(second.get(10, TimeUnit.SECONDS)).as("goes once the first is done").isTrue();
        assertThat(pendingOf("first", sku)).isEmpty();
    }

    @Test
    void failuresAreCountedAndDelayTheirSequenceUntilDead() {
        String sku = uniqueSku();
        List<Delivery> inOrder = takeBack(sku, "a", "b");
        Delivery first = inOrder.get(0);
        Instant now = Instant.now();
        Instant later = now.plusSeconds(3600);

        deliveries().failed(first, "IllegalStateException: mail server away", Optional.of(now.plusSeconds(60)));

        assertThat(deliveries().pendingOf("first", sku, now, 10)).as("the failed one waits for its retry")
                .containsExactly(inOrder.get(1));
        assertThat(deliveries().pendingOf("first", sku, later, 10)).first()
                .isEqualTo(new Delivery(first.id(), first.handler(), first.event(), 1));
        assertThat(deliveries().due(later, 100)).as("due when its retry is").extracting(Delivery::id).contains(first.id());
        assertThat(deliveries().due(now.plusSeconds(30), 1000)).as("its whole sequence is held back until then")
                .noneMatch(d -> d.handler().equals("first") && d.sku().equals(sku));
        assertThat(complete(inOrder.get(1))).as("not before the first").isFalse();

        deliveries().failed(first, "IllegalStateException: still away", Optional.empty());

        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.claim(first)).as("dead is not delivered").isEqualTo(BusUnitOfWork.Claim.GONE);
        }
        assertThat(complete(inOrder.get(1))).as("a dead delivery holds nothing back").isTrue();
    }

    @Test
    void dueOffersTheFirstOfEachSequenceOnceItsLeaseHasPassed() {
        String sku = uniqueSku();
        List<Delivery> inOrder = takeBack(sku, "a", "b");

        assertThat(deliveries().due(Instant.now(), 1000)).as("still leased to the process that recorded them")
                .noneMatch(d -> d.sku().equals(sku));
        List<Delivery> due = deliveries().due(Instant.now().plus(Delivery.IN_PROCESS_LEASE).plusSeconds(1), 1000).stream()
                .filter(d -> d.sku().equals(sku)).toList();
        assertThat(due).extracting(Delivery::handler).containsExactlyInAnyOrder("first", "second");
        assertThat(due).filteredOn(d -> d.handler().equals("first")).containsExactly(inOrder.get(0));
    }

    /** The publications of one SKU: the tests share a database and its destinations. */
    private List<Publication> publicationsOf(String destination, String sku) {
        return outbox().next(destination, Publication.lane(sku), 100_000).stream()
                .filter(p -> p.event().message().sku().equals(sku)).toList();
    }

    @Test
    void aLaneHoldsItsSkusPublicationsAndNoOthers() {
        String sku = uniqueSku();
        String other = uniqueSku();
        while (Publication.lane(other) == Publication.lane(sku)) {
            other = uniqueSku();
        }
        productWithBatches(sku, 10);
        productWithBatches(other, 10);
        allocate(sku, "order-1", 1);
        allocate(other, "order-2", 1);

        assertThat(outbox().next("broker", Publication.lane(sku), 100_000)).extracting(p -> p.event().message().sku())
                .contains(sku).doesNotContain(other);
        assertThat(outbox().waitingIn("broker", Set.of(Publication.lane(other)))).containsExactly(Publication.lane(other));
        assertThat(outbox().waitingIn("broker", Set.of(Publication.lane(sku), Publication.lane(other))))
                .containsExactlyInAnyOrder(Publication.lane(sku), Publication.lane(other));
        assertThat(outbox().waitingIn("nowhere-" + UUID.randomUUID(), Set.of(Publication.lane(sku)))).isEmpty();
        assertThat(outbox().waitingIn("broker", Set.of())).isEmpty();
    }

    @Test
    void theCommitStoresAPublicationPerEventAndDestinationInOrder() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        try (BusUnitOfWork uow = begin()) {
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("rolled-back", sku, 1));
        }
        allocate(sku, "order-1", 2);
        allocate(sku, "order-2", 40);

        List<Publication> broker = publicationsOf("broker", sku);
        assertThat(broker).extracting(p -> p.event().message())
                .containsExactly(new Allocated("order-1", sku, 2, sku + "-warehouse"), new OutOfStock(sku, "order-2", 40));
        assertThat(broker.get(0).position()).isLessThan(broker.get(1).position());
        assertThat(broker.get(0).event().correlationId()).isEqualTo(CAUSE.correlationId());
        assertThat(broker.get(0).event().causationId()).isEqualTo(CAUSE.id());
        assertThat(publicationsOf("channel", sku)).extracting(p -> p.event().message())
                .containsExactly(new Allocated("order-1", sku, 2, sku + "-warehouse"));
        assertThat(publicationsOf("channel", sku).get(0).event().id()).as("one event, one id, whatever the destination")
                .isEqualTo(broker.get(0).event().id());
    }

    @Test
    void aCommitThatStoresPublicationsCallsItsDestinationsListenersAndNoOthers() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        String channel = "channel";
        List<String> heard = new CopyOnWriteArrayList<>();
        List<Integer> lanes = new CopyOnWriteArrayList<>();
        outbox().whenStored("broker", lane -> {
            heard.add("broker");
            lanes.add(lane);
        });
        outbox().whenStored(channel, lane -> heard.add(channel));
        try (BusUnitOfWork uow = begin()) {
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("rolled-back", sku, 1));
        }
        assertThat(heard).as("nothing committed").isEmpty();

        allocate(sku, "order-1", 40);
        assertThat(heard).as("out of stock goes to the broker alone").containsExactly("broker");

        allocate(sku, "order-2", 1);
        assertThat(heard).as("an allocation goes to both").containsExactlyInAnyOrder("broker", "broker", channel);
        assertThat(lanes).as("the SKU's lane, each time").containsOnly(Publication.lane(sku));
    }

    @Test
    void sentPublicationsAreGoneAndTheRestWait() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        allocate(sku, "order-1", 1);
        allocate(sku, "order-2", 1);
        List<Publication> waiting = publicationsOf("broker", sku);
        long before = outbox().waiting("broker");

        outbox().sent(waiting.subList(0, 1));

        assertThat(publicationsOf("broker", sku)).containsExactly(waiting.get(1));
        assertThat(outbox().waiting("broker")).isEqualTo(before - 1);
        assertThat(publicationsOf("channel", sku)).as("another destination's are its own").hasSize(2);
    }

    @Test
    void aLeaseIsHeldByOneHolderUntilItExpiresOrIsGivenUp() {
        String destination = "lease-" + UUID.randomUUID();
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(outbox().lease(destination, "a", now, now.plusSeconds(10))).isTrue();
        assertThat(outbox().lease(destination, "b", now.plusSeconds(5), now.plusSeconds(15))).isFalse();
        assertThat(outbox().lease(destination, "a", now.plusSeconds(5), now.plusSeconds(15))).as("renewed").isTrue();
        assertThat(outbox().lease(destination, "b", now.plusSeconds(12), now.plusSeconds(22))).isFalse();
        assertThat(outbox().lease(destination, "b", now.plusSeconds(15), now.plusSeconds(25))).as("expired").isTrue();
        assertThat(outbox().lease(destination, "b", now.plusSeconds(16), now.plusSeconds(16))).as("given up").isTrue();
        assertThat(outbox().lease(destination, "a", now.plusSeconds(16), now.plusSeconds(26))).isTrue();
    }

    @Test
    void theLeasesRunningUnderAPrefixAreCounted() {
        String prefix = "place-" + UUID.randomUUID() + "@";
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        outbox().lease(prefix + "a", "a", now, now.plusSeconds(10));
        outbox().lease(prefix + "b", "b", now, now.plusSeconds(20));
        outbox().lease(prefix + "c", "c", now, now);
        outbox().lease("other-" + prefix, "d", now, now.plusSeconds(20));

        assertThat(outbox().leasesRunning(prefix, now.plusSeconds(1))).isEqualTo(2);
        assertThat(outbox().leasesRunning(prefix, now.plusSeconds(15))).isEqualTo(1);
    }

    @Test
    void aMessageIsReceivedOnceByCommittedUnitsOfWork() {
        String messageId = "message-" + UUID.randomUUID();
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.receive(messageId)).isTrue();
        }
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.receive(messageId)).as("the first was rolled back").isTrue();
            uow.commit();
        }
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.receive(messageId)).isFalse();
        }
    }

    @Test
    void aMessageReceivedWithAChangeIsCommittedWithIt() {
        String sku = uniqueSku();
        productWithBatches(sku, 10);
        String messageId = "message-" + UUID.randomUUID();
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.receive(messageId)).isTrue();
            uow.products().get(sku).orElseThrow().allocate(new OrderLine("order-1", sku, 1));
            uow.commit();
        }
        assertThat(available(read(sku), sku + "-warehouse")).isEqualTo(9);
        try (BusUnitOfWork uow = begin()) {
            assertThat(uow.receive(messageId)).isFalse();
        }
    }
}
