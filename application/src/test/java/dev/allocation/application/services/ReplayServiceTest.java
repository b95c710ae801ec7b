package dev.allocation.application.services;

import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.in.EventReplays;
import dev.allocation.application.port.in.EventReplays.Request;
import dev.allocation.application.port.in.EventReplays.State;
import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.port.out.ReplayPublisher;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Replays over the fake database's history, to a publisher that records what it was sent. */
class ReplayServiceTest {

    private static final Instant FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2100-01-01T00:00:00Z");

    private final FakeDatabase database = new FakeDatabase();
    private final List<Envelope<Event>> sent = new CopyOnWriteArrayList<>();
    /** Refuses this many batches before taking any. */
    private final AtomicInteger refusals = new AtomicInteger();
    private final ReplayPublisher publisher = new ReplayPublisher() {
        @Override
        public String destination() {
            return "broker";
        }

        @Override
        public Set<Class<? extends Event>> publishes() {
            return Set.of(Allocated.class);
        }

        @Override
        public void republish(List<Envelope<Event>> events) {
            if (refusals.getAndDecrement() > 0) {
                throw new IllegalStateException("the broker is away");
            }
            sent.addAll(events);
        }
    };
    private final ReplayService replays = new ReplayService(database, List.of(publisher),
            new ReplayService.Patience(Duration.ofMillis(10), 3));

    @AfterEach
    void close() {
        replays.close();
    }

    private void record(String sku, int lines) {
        try (BusUnitOfWork uow = database.begin(Envelope.command("allocate", "test"))) {
            Product product = new Product(sku);
            product.addBatch(sku + "-batch", lines, null);
            uow.products().add(product);
            for (int i = 0; i < lines; i++) {
                product.allocate(new OrderLine(sku + "-o" + i, sku, 1));
            }
            product.allocate(new OrderLine(sku + "-too-many", sku, 1)); // OutOfStock: not the publisher's type
            uow.commit();
        }
    }

    private EventReplays.Status finished(String id) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> replays.status(id).orElseThrow(), s -> s.state() != State.RUNNING);
    }

    @Test
    void sendsTheRangesEventsOfTheDestinationsTypesInTheOrderRecorded() {
        record("LAMP", 450);
        record("SOFA", 3);

        EventReplays.Status done = finished(replays.start(new Request("broker", FROM, TO, Optional.empty(), 10_000)).id());

        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.sent()).isEqualTo(453);
        assertThat(sent).extracting(e -> ((Allocated) e.message()).orderId()).startsWith("LAMP-o0", "LAMP-o1").endsWith("SOFA-o2");
        assertThat(sent).extracting(Envelope::id).containsExactlyElementsOf(database.recordedBetween(FROM, TO, Optional.empty(), -1, 10_000)
                .stream().filter(stored -> stored.event().message() instanceof Allocated).map(stored -> stored.event().id()).toList());
    }

    @Test
    void oneSkusAlone() {
        record("LAMP", 5);
        record("SOFA", 3);

        finished(replays.start(new Request("broker", FROM, TO, Optional.of("SOFA"), 1_000)).id());

        assertThat(sent).extracting(e -> ((Allocated) e.message()).orderId()).containsExactly("SOFA-o0", "SOFA-o1", "SOFA-o2");
    }

    @Test
    void isPacedToTheRateAskedFor() {
        record("LAMP", 30);
        long start = System.nanoTime();

        finished(replays.start(new Request("broker", FROM, TO, Optional.empty(), 20)).id());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("30 events at 20 a second").isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aCancelledReplayStopsSending() {
        record("LAMP", 100);
        String id = replays.start(new Request("broker", FROM, TO, Optional.empty(), 10)).id();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sent.isEmpty());

        replays.cancel(id);
        EventReplays.Status cancelled = finished(id);

        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(sent).hasSize((int) cancelled.sent()).hasSizeLessThan(100);
    }

    @Test
    void aRefusedBatchIsTriedAgainAndTooManyRefusalsFailTheReplay() {
        record("LAMP", 3);
        refusals.set(2);
        assertThat(finished(replays.start(new Request("broker", FROM, TO, Optional.empty(), 100)).id()).state()).isEqualTo(State.DONE);
        assertThat(sent).hasSize(3);

        refusals.set(3);
        EventReplays.Status failed = finished(replays.start(new Request("broker", FROM, TO, Optional.empty(), 100)).id());
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.error()).contains("IllegalStateException: the broker is away");
        assertThat(sent).hasSize(3);
    }

    @Test
    void anUnknownDestinationIsRefused() {
        assertThatThrownBy(() -> replays.start(new Request("kafka", FROM, TO, Optional.empty(), 100)))
                .isInstanceOf(EventReplays.UnknownDestination.class).hasMessage("Unknown destination kafka: replays go to broker");
        assertThat(replays.status("no-such-replay")).isEmpty();
    }
}
