package dev.allocation.application.messagebus;

import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.port.ConcurrencyConflict;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.AllocationRequired;
import dev.allocation.domain.events.BatchCreated;
import dev.allocation.domain.events.OutOfStock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageBusTest {

    private static final RetryPolicy NO_PAUSE = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

    private final FakeDatabase database = new FakeDatabase();

    @Test
    void runsFollowUpEventsInOrderAfterTheFirst() {
        List<Object> seen = new ArrayList<>();
        HandlerRegistry registry = HandlerRegistry.builder()
                .on(BatchCreated.class, (e, uow) -> {
                    seen.add(e);
                    uow.products().add(new dev.allocation.domain.model.Product(e.sku()));
                    uow.products().get(e.sku()).orElseThrow().addBatch(e.ref(), e.qty(), null);
                    uow.products().get(e.sku()).orElseThrow().allocate(new dev.allocation.domain.model.OrderLine("o", e.sku(), 1));
                    uow.products().get(e.sku()).orElseThrow().allocate(new dev.allocation.domain.model.OrderLine("p", e.sku(), 5));
                    uow.commit();
                    return "created";
                })
                .on(Allocated.class, (e, uow) -> seen.add(e))
                .on(OutOfStock.class, (e, uow) -> seen.add(e))
                .build();

        List<Object> results = new MessageBus(database, registry, NO_PAUSE).handle(new BatchCreated("b", "S", 1, null));

        assertThat(results).containsExactly("created");
        assertThat(seen).containsExactly(new BatchCreated("b", "S", 1, null),
                new Allocated("o", "S", 1, "b"), new OutOfStock("S"));
    }

    @Test
    void anExceptionOfTheFirstEventKeepsItsType() {
        class Refused extends RuntimeException {
        }
        HandlerRegistry registry = HandlerRegistry.builder()
                .on(BatchCreated.class, (e, uow) -> {
                    throw new Refused();
                })
                .build();

        assertThatThrownBy(() -> new MessageBus(database, registry, NO_PAUSE).handle(new BatchCreated("b", "S", 1, null)))
                .isExactlyInstanceOf(Refused.class);
    }

    @Test
    void aFailingFollowUpDoesNotStopTheOthers() {
        AtomicInteger notified = new AtomicInteger();
        HandlerRegistry registry = HandlerRegistry.builder()
                .on(BatchCreated.class, (e, uow) -> {
                    var product = new dev.allocation.domain.model.Product(e.sku());
                    uow.products().add(product);
                    product.addBatch(e.ref(), 1, null);
                    product.allocate(new dev.allocation.domain.model.OrderLine("o", e.sku(), 1));
                    product.allocate(new dev.allocation.domain.model.OrderLine("p", e.sku(), 1));
                    uow.commit();
                    return null;
                })
                .on(Allocated.class, (e, uow) -> {
                    throw new IllegalStateException("mail server down");
                })
                .on(OutOfStock.class, (e, uow) -> notified.incrementAndGet())
                .build();

        List<Object> results = new MessageBus(database, registry, NO_PAUSE).handle(new BatchCreated("b", "S", 1, null));

        assertThat(results).isEmpty();
        assertThat(notified).hasValue(1);
    }

    @Test
    void aConflictIsRetriedOnFreshState() {
        AtomicInteger tries = new AtomicInteger();
        HandlerRegistry registry = HandlerRegistry.builder()
                .on(BatchCreated.class, (e, uow) -> {
                    if (tries.incrementAndGet() < 3) {
                        throw new ConcurrencyConflict(e.sku(), "stale");
                    }
                    return tries.get();
                })
                .build();

        assertThat(new MessageBus(database, registry, NO_PAUSE).handle(new BatchCreated("b", "S", 1, null)))
                .containsExactly(3);
    }

    @Test
    void whenTheTriesRunOutTheConflictSaysSo() {
        HandlerRegistry registry = HandlerRegistry.builder()
                .on(BatchCreated.class, (e, uow) -> {
                    throw new ConcurrencyConflict(e.sku(), "stale");
                })
                .build();

        assertThatThrownBy(() -> new MessageBus(database, registry, NO_PAUSE).handle(new BatchCreated("b", "S", 1, null)))
                .isInstanceOf(ConcurrencyConflict.class)
                .hasMessageContaining("after 3 tries")
                .hasMessageContaining("product S");
    }

    @Test
    void servesManyThreadsAtOnceWithoutLosingOrDoublingAnAllocation() throws Exception {
        FakeNotifications notifications = new FakeNotifications();
        MessageBus bus = new MessageBus(database, new Handlers(notifications).registry(), RetryPolicy.DEFAULT);
        bus.handle(new BatchCreated("b1", "HOT", 50, null));
        bus.handle(new BatchCreated("b2", "HOT", 50, null));

        List<Callable<Optional<?>>> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String orderId = "o" + i;
            orders.add(() -> (Optional<?>) bus.handle(new AllocationRequired(orderId, "HOT", 1)).get(0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int allocated = 0;
        try {
            for (Future<Optional<?>> result : pool.invokeAll(orders)) {
                allocated += result.get().isPresent() ? 1 : 0;
            }
        } finally {
            pool.shutdown();
        }

        assertThat(allocated).isEqualTo(100);
        var product = database.committed("HOT").orElseThrow();
        assertThat(product.batches()).allSatisfy(batch -> assertThat(batch.availableQuantity()).isZero());
        assertThat(notifications.outOfStock()).hasSize(100);
    }
}
