package dev.allocation.application.services;

import dev.allocation.application.fake.FakeClock;
import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.in.OrdersView;
import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The history service over the fake database: what an order's history answers, and what retention forgets. */
class HistoryServiceTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    /** A clock the test moves. */
    private final FakeClock clock = new FakeClock(START);
    private final FakeDatabase database = new FakeDatabase(type -> List.of(), clock);
    /** How many times each call to forget was asked for, and got. */
    private final List<Integer> forgetCalls = new ArrayList<>();
    private final EventHistory counted = new EventHistory() {
        @Override
        public List<Envelope<Event>> ofOrder(String orderId) {
            return database.ofOrder(orderId);
        }

        @Override
        public List<Envelope<Event>> ofSku(String sku, Instant after, int limit) {
            return database.ofSku(sku, after, limit);
        }

        @Override
        public List<Stored> recordedBetween(Instant from, Instant to, Optional<String> sku, long afterPosition, int limit) {
            return database.recordedBetween(from, to, sku, afterPosition, limit);
        }

        @Override
        public int forgetBefore(Instant cutoff, int limit) {
            int forgotten = database.forgetBefore(cutoff, limit);
            forgetCalls.add(forgotten);
            return forgotten;
        }
    };

    private HistoryService service(OrdersView orders) {
        return new HistoryService(counted, orders, RETENTION, clock);
    }

    private void allocate(String sku, String... orders) {
        try (BusUnitOfWork uow = database.begin(Envelope.command("allocate", "test"))) {
            Product product = uow.products().get(sku).orElseGet(() -> {
                Product created = new Product(sku);
                created.addBatch(sku + "-batch", 1_000_000, null);
                uow.products().add(created);
                return created;
            });
            for (String order : orders) {
                product.allocate(new OrderLine(order, sku, 1));
            }
            uow.commit();
        }
    }

    @Test
    void retentionForgetsEverythingOlderInSmallBatchesAndKeepsTheRest() {
        String[] old = new String[HistoryService.FORGET_BATCH * 2 + 500];
        for (int i = 0; i < old.length; i++) {
            old[i] = "old-" + i;
        }
        allocate("LAMP", old);
        clock.set(START.plus(Duration.ofDays(10)));
        allocate("LAMP", "recent");
        clock.set(START.plus(RETENTION).plus(Duration.ofDays(1)));

        long forgotten = service(orderId -> Optional.empty()).forgetOld();

        assertThat(forgotten).isEqualTo(old.length);
        assertThat(forgetCalls).as("each batch in a call of its own").containsExactly(
                HistoryService.FORGET_BATCH, HistoryService.FORGET_BATCH, 500);
        assertThat(database.ofSku("LAMP", Instant.EPOCH, 10)).extracting(Envelope::message)
                .extracting(event -> ((Allocated) event).orderId()).containsExactly("recent");
    }

    @Test
    void anOrderIsUnknownOnlyWhenNoEventNamesItAndItHoldsNoLine() {
        allocate("LAMP", "o1");
        OrdersView holdsLines = orderId -> Optional.of(new OrdersView.Order(orderId,
                List.of(new OrdersView.Line("LAMP", 1, OrdersView.Status.ALLOCATED, "LAMP-batch"))));

        assertThat(service(orderId -> Optional.empty()).ofOrder("o1")).hasValueSatisfying(events -> assertThat(events).hasSize(1));
        assertThat(service(orderId -> Optional.empty()).ofOrder("nobody")).isEmpty();
        assertThat(service(holdsLines).ofOrder("forgotten")).as("its events past their retention").contains(List.of());
    }
}
