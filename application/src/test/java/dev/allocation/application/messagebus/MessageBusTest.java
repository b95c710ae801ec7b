package dev.allocation.application.messagebus;

import dev.allocation.application.fake.Buses;
import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.in.CommandBus.AlreadyHandled;
import dev.allocation.domain.model.InvalidSku;
import dev.allocation.application.port.in.CommandBus.TooManyConflicts;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.DatabaseUnavailable;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.Deallocate;
import dev.allocation.domain.events.StockFreed;
import dev.allocation.domain.model.AllocationOutcome;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageBusTest {

    private static final RetryPolicy NO_PAUSE = new RetryPolicy(3, Duration.ofSeconds(5), new Backoff(Duration.ZERO, Duration.ZERO));
    private static final DeliveryPolicy QUICK = new DeliveryPolicy(10, new Backoff(Duration.ofMillis(1), Duration.ofMillis(4)));

    private final FakeNotifications notifications = new FakeNotifications();
    private final Handlers handlers = new Handlers(notifications);
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** The service's own handlers, plus whatever a test adds. */
    private MessageRoutes.Builder registry() {
        return MessageRoutes.builder()
                .command(CreateBatch.class, handlers::addBatch)
                .command(Allocate.class, handlers::allocate)
                .command(ChangeBatchQuantity.class, handlers::changeBatchQuantity)
                .command(Deallocate.class, handlers::deallocate)
                .event(Deallocated.class, Handlers.REALLOCATE, handlers::reallocate)
                .event(OutOfStock.class, Handlers.NOTIFY_OUT_OF_STOCK, handlers::sendOutOfStockNotification)
                .event(StockFreed.class, Handlers.ALLOCATE_BACKORDERS, handlers::allocateBackorders);
    }

    private static MessageBus bus(FakeDatabase database, MessageRoutes registry, DeliveryPolicy deliveries) {
        return new MessageBus(database, registry, database, NO_PAUSE, deliveries, Clock.systemUTC());
    }

    /** Three lines in a batch that then shrinks to nothing: three lines taken back, newest first. */
    private static void takeBackThreeLines(MessageBus bus) {
        bus.handle(new CreateBatch("warehouse", "TABLE", 3, null));
        bus.handle(new CreateBatch("shipment", "TABLE", 3, java.time.LocalDate.of(2030, 1, 1)));
        bus.handle(new Allocate("o1", "TABLE", 1));
        bus.handle(new Allocate("o2", "TABLE", 1));
        bus.handle(new Allocate("o3", "TABLE", 1));
        bus.handle(new ChangeBatchQuantity("warehouse", 0));
    }

    @Test
    void theChainIsDeliveredInOrderBeforeTheCommandReturns() {
        MessageRoutes registry = registry()
                .event(Deallocated.class, "watch", (event, uow) -> seen.add(event.orderId()))
                .build();
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = bus(database, registry, QUICK);

        takeBackThreeLines(bus);

        assertThat(seen).containsExactly("o3", "o2", "o1");
        assertThat(database.storedDeliveries()).as("all delivered, none left").isEmpty();
        Product product = database.committed("TABLE").orElseThrow();
        assertThat(product.batch("shipment").orElseThrow().availableQuantity()).isZero();
    }

    @Test
    void aCommandAnswersWithItsTypeAndItsExceptionKeepsItsType() {
        class Refused extends RuntimeException {
        }
        MessageRoutes registry = MessageRoutes.builder()
                .command(CreateBatch.class, (command, uow) -> {
                    throw new Refused();
                })
                .command(Allocate.class, (command, uow) -> new AllocationOutcome.InBatch("b-" + command.orderId()))
                .command(ChangeBatchQuantity.class, (command, uow) -> command.qty() * 2)
                .command(Deallocate.class, handlers::deallocate)
                .build();
        MessageBus bus = bus(new FakeDatabase(registry), registry, QUICK);

        Optional<String> batch = bus.handle(new Allocate("o", "S", 1)).batch();
        int doubled = bus.handle(new ChangeBatchQuantity("b", 21));

        assertThat(batch).contains("b-o");
        assertThat(doubled).isEqualTo(42);
        assertThatThrownBy(() -> bus.handle(new CreateBatch("b", "S", 1, null))).isExactlyInstanceOf(Refused.class);
    }

    @Test
    void theRegistryRefusesACommandWithoutAHandlerOrWithTwo() {
        assertThatThrownBy(() -> MessageRoutes.builder().command(CreateBatch.class, handlers::addBatch).build())
                .hasMessage("commands without a handler: Allocate, ChangeBatchQuantity, Deallocate");
        assertThatThrownBy(() -> registry().command(Allocate.class, handlers::allocate))
                .hasMessage("command Allocate has a handler already");
        assertThatThrownBy(() -> registry().event(OutOfStock.class, Handlers.REALLOCATE, (e, uow) -> { }))
                .hasMessage("an event handler is named reallocate already");
    }

    @Test
    void aFailingHandlerHoldsBackNeitherTheCommandNorTheOtherHandlers() {
        MessageRoutes registry = registry()
                .event(Deallocated.class, "broken", (event, uow) -> {
                    throw new IllegalStateException("mail server away");
                })
                .build();
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = bus(database, registry, QUICK);

        takeBackThreeLines(bus);

        Product product = database.committed("TABLE").orElseThrow();
        assertThat(product.batch("shipment").orElseThrow().availableQuantity()).as("reallocated all the same").isZero();
        assertThat(database.storedDeliveries()).extracting(Delivery::handler).containsOnly("broken");
        assertThat(database.storedDeliveries()).extracting(Delivery::attempts)
                .as("the first failed; the others wait behind it, untried").containsExactly(1, 0, 0);
    }

    /** A bus over a fake database, with a relay that delivers what the bus's requests leave. */
    private record Relayed(FakeDatabase database, MessageBus bus, DeliveryRelay relay) {

        void deliverAll() {
            deliverUntilNothingIsLeft(relay, database);
        }
    }

    private Relayed relayed(MessageRoutes registry) {
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = bus(database, registry, QUICK);
        return new Relayed(database, bus, new DeliveryRelay(bus, database, Clock.systemUTC(), Duration.ofMillis(1)));
    }

    @Test
    void aHandlerThatFailsThreeTimesIsDeliveredFourTimesAndIsDone() {
        AtomicInteger calls = new AtomicInteger();
        MessageRoutes registry = registry()
                .event(OutOfStock.class, "flaky", (event, uow) -> {
                    if (calls.incrementAndGet() <= 3) {
                        throw new IllegalStateException("failure " + calls.get());
                    }
                })
                .build();
        Relayed chain = relayed(registry);

        chain.bus().handle(new CreateBatch("b", "LAMP", 1, null));
        chain.bus().handle(new Allocate("o", "LAMP", 2));
        chain.deliverAll();

        assertThat(calls).hasValue(4);
        assertThat(chain.database().storedDeliveries()).isEmpty();
        assertThat(notifications.outOfStock()).as("the other handler, once").containsExactly("LAMP");
    }

    @Test
    void aHandlerThatAlwaysFailsIsDeadAfterTenAttemptsAndHoldsNothingBack() {
        AtomicInteger calls = new AtomicInteger();
        MessageRoutes registry = registry()
                .event(OutOfStock.class, "hopeless", (event, uow) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("never");
                })
                .build();
        Relayed chain = relayed(registry);

        chain.bus().handle(new CreateBatch("b", "LAMP", 1, null));
        chain.bus().handle(new Allocate("o1", "LAMP", 2));
        chain.deliverAll();
        chain.bus().handle(new Allocate("o2", "LAMP", 2));
        chain.deliverAll();

        assertThat(chain.database().deadDeliveries()).hasSize(2).allSatisfy(dead -> assertThat(dead.attempts()).isEqualTo(10));
        assertThat(calls).hasValue(20);
        assertThat(notifications.outOfStock()).as("the other handler of the same events").containsExactly("LAMP", "LAMP");
    }

    @Test
    void aDeliveryItsHandlerRefusesIsDeadAtOnceAndHoldsUpNoLaterOneOfItsSku() {
        AtomicInteger calls = new AtomicInteger();
        MessageRoutes registry = registry()
                .event(OutOfStock.class, "refusing", (event, uow) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new InvalidSku("refused the same at every try");
                    }
                })
                .build();
        Relayed chain = relayed(registry);

        chain.bus().handle(new CreateBatch("b", "LAMP", 1, null));
        chain.bus().handle(new Allocate("o1", "LAMP", 2));
        chain.bus().handle(new Allocate("o2", "LAMP", 2));
        chain.deliverAll();

        assertThat(chain.database().deadDeliveries()).singleElement().satisfies(dead -> assertThat(dead.attempts()).isEqualTo(1));
        assertThat(calls).as("the refused one once, the next one of the SKU delivered").hasValue(2);
    }

    /**
     * Three lines in a batch that shrinks to {@code qty}: the shrink commits, and then the process
     * "dies", its chain (the lines taken back) stored but not delivered.
     */
    private void shrinkAndLeaveTheChain(MessageBus bus, FakeDatabase database, int qty) {
        bus.handle(new CreateBatch("warehouse", "TABLE", 3, null));
        bus.handle(new CreateBatch("shipment", "TABLE", 3, java.time.LocalDate.of(2030, 1, 1)));
        for (String order : List.of("o1", "o2", "o3")) {
            bus.handle(new Allocate(order, "TABLE", 1));
        }
        ChangeBatchQuantity shrink = new ChangeBatchQuantity("warehouse", qty);
        try (UnitOfWork uow = database.begin(Envelope.command(shrink, "crash"))) {
            handlers.changeBatchQuantity(shrink, uow);
        }
    }

    @Test
    void theRelayFinishesAChainLeftByACrashInOrder() {
        MessageRoutes registry = registry()
                .event(Deallocated.class, "watch", (event, uow) -> seen.add(event.orderId()))
                .build();
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = bus(database, registry, QUICK);
        shrinkAndLeaveTheChain(bus, database, 0);
        DeliveryRelay beforeTheLease = new DeliveryRelay(bus, database, Clock.systemUTC(), Duration.ofMillis(1));
        assertThat(beforeTheLease.deliverDue()).as("the recording process may still be at it").isZero();

        DeliveryRelay relay = new DeliveryRelay(bus, database,
                Clock.offset(Clock.systemUTC(), Delivery.IN_PROCESS_LEASE.plusSeconds(1)), Duration.ofMillis(1));
        assertThat(relay.deliverDue()).isEqualTo(6);

        assertThat(seen).containsExactly("o3", "o2", "o1");
        assertThat(database.committed("TABLE").orElseThrow().batch("shipment").orElseThrow().availableQuantity()).isZero();
        assertThat(database.storedDeliveries()).isEmpty();
    }

    @Test
    void aCommittedCommandAnswersEvenWhenWhatIsAheadOfItsDeliveryCannotBeRead() {
        MessageRoutes registry = registry()
                .event(Deallocated.class, "watch", (event, uow) -> seen.add(event.orderId()))
                .build();
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = bus(database, registry, QUICK);
        shrinkAndLeaveTheChain(bus, database, 2);
        Deliveries unreadable = new Deliveries() {
            @Override
            public List<Delivery> due(Instant now, int limit) {
                return database.due(now, limit);
            }

            @Override
            public List<Delivery> pendingOf(String handler, String sku, Instant now, int limit) {
                throw new DatabaseUnavailable("The database is not available", null);
            }

            @Override
            public void failed(Delivery delivery, String error, Optional<Instant> retryAt) {
                database.failed(delivery, error, retryAt);
            }
        };
        MessageBus busWhileReadsFail = new MessageBus(database, registry, unreadable, NO_PAUSE, QUICK, Clock.systemUTC());

        assertThat(busWhileReadsFail.handle(new ChangeBatchQuantity("warehouse", 1)))
                .as("committed: answered, its delivery behind the pending one left to the relay").isEqualTo(1);
        assertThat(seen).isEmpty();

        DeliveryRelay relay = new DeliveryRelay(bus, database,
                Clock.offset(Clock.systemUTC(), Delivery.IN_PROCESS_LEASE.plusSeconds(1)), Duration.ofMillis(1));
        relay.deliverDue();
        assertThat(seen).as("the relay delivers both, in order").containsExactly("o3", "o2");
    }

    @Test
    void aConflictIsRetriedOnFreshState() {
        List<Long> versionsRead = new ArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        FakeDatabase[] database = new FakeDatabase[1];
        MessageRoutes registry = registry().build();
        MessageRoutes racing = MessageRoutes.builder()
                .command(CreateBatch.class, handlers::addBatch)
                .command(ChangeBatchQuantity.class, handlers::changeBatchQuantity)
                .command(Allocate.class, (command, uow) -> {
                    Product product = uow.products().get(command.sku()).orElseThrow();
                    versionsRead.add(product.version());
                    if (tries.incrementAndGet() == 1) { // another request commits in between
                        try (UnitOfWork other = database[0].begin(Envelope.command(command, "other"))) {
                            other.products().get(command.sku()).orElseThrow().allocate(new OrderLine("other", command.sku(), 1));
                            other.commit();
                        }
                    }
                    AllocationOutcome batch = product.allocate(new OrderLine(command.orderId(), command.sku(), command.qty()), false);
                    uow.commit();
                    return batch;
                })
                .command(Deallocate.class, handlers::deallocate)
                .build();
        database[0] = new FakeDatabase(registry);
        MessageBus bus = bus(database[0], racing, QUICK);
        bus.handle(new CreateBatch("b", "LAMP", 10, null));

        assertThat(bus.handle(new Allocate("mine", "LAMP", 2)).batch()).contains("b");

        assertThat(versionsRead).containsExactly(1L, 2L);
        assertThat(database[0].committed("LAMP").orElseThrow().batch("b").orElseThrow().availableQuantity()).isEqualTo(7);
    }

    @Test
    void whenTheTriesRunOutTheConflictSaysSo() {
        MessageRoutes registry = MessageRoutes.builder()
                .command(CreateBatch.class, (e, uow) -> {
                    throw new ConcurrencyConflict(e.sku(), "stale");
                })
                .command(Allocate.class, handlers::allocate)
                .command(ChangeBatchQuantity.class, handlers::changeBatchQuantity)
                .command(Deallocate.class, handlers::deallocate)
                .build();

        assertThatThrownBy(() -> bus(new FakeDatabase(registry), registry, QUICK).handle(new CreateBatch("b", "S", 1, null)))
                .isInstanceOf(TooManyConflicts.class)
                .hasMessageContaining("after 3 tries")
                .hasMessageContaining("product S");
    }

    @Test
    void retriesStopWhenTheTimeBudgetIsSpent() {
        AtomicInteger tries = new AtomicInteger();
        MessageRoutes registry = MessageRoutes.builder()
                .command(CreateBatch.class, (e, uow) -> {
                    tries.incrementAndGet();
                    throw new ConcurrencyConflict(e.sku(), "stale");
                })
                .command(Allocate.class, handlers::allocate)
                .command(ChangeBatchQuantity.class, handlers::changeBatchQuantity)
                .command(Deallocate.class, handlers::deallocate)
                .build();
        RetryPolicy budget = new RetryPolicy(1_000, Duration.ofMillis(300), new Backoff(Duration.ofMillis(20), Duration.ofMillis(40)));
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = new MessageBus(database, registry, database, budget, QUICK, Clock.systemUTC());

        long started = System.nanoTime();
        assertThatThrownBy(() -> bus.handle(new CreateBatch("b", "S", 1, null))).isInstanceOf(TooManyConflicts.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300 + 250));
        assertThat(tries.get()).isBetween(5, 30);
    }

    @Test
    void servesManyThreadsAtOnceWithoutLosingOrDoublingAnAllocation() throws Exception {
        MessageRoutes registry = handlers.registry();
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = Buses.over(database, registry);
        bus.handle(new CreateBatch("b1", "HOT", 50, null));
        bus.handle(new CreateBatch("b2", "HOT", 50, null));

        List<Callable<Optional<String>>> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String orderId = "o" + i;
            orders.add(() -> bus.handle(new Allocate(orderId, "HOT", 1)).batch());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int allocated = 0;
        try {
            for (Future<Optional<String>> result : pool.invokeAll(orders)) {
                allocated += result.get().isPresent() ? 1 : 0;
            }
        } finally {
            pool.shutdown();
        }

        assertThat(allocated).isEqualTo(100);
        Product product = database.committed("HOT").orElseThrow();
        assertThat(product.batches()).allSatisfy(batch -> assertThat(batch.availableQuantity()).isZero());
        assertThat(notifications.outOfStock()).hasSize(100);
        assertThat(database.storedDeliveries()).isEmpty();
    }

    private static void deliverUntilNothingIsLeft(DeliveryRelay relay, FakeDatabase database) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (database.storedDeliveries().stream().anyMatch(d -> !database.deadDeliveries().contains(d))
                && System.nanoTime() < deadline) {
            relay.deliverDue();
            Thread.onSpinWait();
        }
    }

    @Test
    void aMessageTakesEffectOnceHoweverOftenItIsHandled() {
        MessageRoutes registry = registry().build();
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = bus(database, registry, QUICK);
        bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));

        assertThat(bus.handleOnce("m-1", new Allocate("o1", "LAMP", 3), "c-1").batch()).contains("warehouse");
        assertThatThrownBy(() -> bus.handleOnce("m-1", new Allocate("o1", "LAMP", 3), "c-1"))
                .isInstanceOf(AlreadyHandled.class).hasMessage("Message m-1 has taken effect already");
        assertThatThrownBy(() -> bus.handleOnce("m-1", new ChangeBatchQuantity("warehouse", 1), "c-2"))
                .as("the id decides, not the content").isInstanceOf(AlreadyHandled.class);

        assertThat(database.committed("LAMP").orElseThrow().batch("warehouse").orElseThrow().availableQuantity()).isEqualTo(7);
    }

    @Test
    void aMessageRefusedByItsHandlerHasNotTakenEffect() {
        MessageRoutes registry = registry().build();
        FakeDatabase database = new FakeDatabase(registry);
        MessageBus bus = bus(database, registry, QUICK);

        assertThatThrownBy(() -> bus.handleOnce("m-1", new Allocate("o1", "LAMP", 3), "c-1")).isInstanceOf(InvalidSku.class);
        bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));

        assertThat(bus.handleOnce("m-1", new Allocate("o1", "LAMP", 3), "c-1").batch()).as("sent again once it can succeed")
                .contains("warehouse");
    }
}
