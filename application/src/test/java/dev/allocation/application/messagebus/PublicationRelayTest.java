package dev.allocation.application.messagebus;

import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.OutOfStock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PublicationRelayTest {

    private static final PublicationRelay.Timing NO_PAUSE = new PublicationRelay.Timing(2, Duration.ZERO,
            Duration.ofSeconds(10), Duration.ZERO, new Backoff(Duration.ZERO, Duration.ZERO));

    /** A destination that takes everything, or fails while told to. */
    private static final class Destination implements EventPublisher {
        final List<Envelope<Event>> received = new CopyOnWriteArrayList<>();
        volatile boolean away;

        @Override
        public String destination() {
            return "broker";
        }

        @Override
        public Set<Class<? extends Event>> publishes() {
            return Set.of(Allocated.class, Deallocated.class, OutOfStock.class);
        }

        @Override
        public void publish(List<Envelope<Event>> events) {
            if (away) {
                throw new IllegalStateException("connection refused");
            }
            received.addAll(events);
        }
    }

    private final Destination destination = new Destination();
    private final MessageRoutes registry = new Handlers(new FakeNotifications()).registry(List.of(destination));
    private final FakeDatabase database = new FakeDatabase(registry);
    private final MessageBus bus = new MessageBus(database, registry, database, RetryPolicy.DEFAULT, DeliveryPolicy.DEFAULT,
            Clock.systemUTC());

    private PublicationRelay relay(String holder) {
        return new PublicationRelay(database, destination, Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC),
                holder, NO_PAUSE);
    }

    private static void drain(PublicationRelay relay) {
        for (int i = 0; i < 20; i++) {
            relay.step();
        }
    }

    /** Two lines allocated, then the batch shrinks: the second is taken back and allocated to the other batch. */
    private void chain() {
        bus.handle(new CreateBatch("warehouse", "LAMP", 2, null));
        bus.handle(new CreateBatch("ship", "LAMP", 5, java.time.LocalDate.of(2030, 1, 1)));
        bus.handle(new Allocate("o1", "LAMP", 1));
        bus.handle(new Allocate("o2", "LAMP", 1));
        bus.handle(new ChangeBatchQuantity("warehouse", 1));
    }

    @Test
    void sendsTheStoredEventsInTheOrderTheyWereRecordedAndRemovesThem() {
        chain();
        assertThat(database.waiting("broker")).isEqualTo(4);

        drain(relay("a"));

        assertThat(destination.received).extracting(Envelope::message).containsExactly(
                new Allocated("o1", "LAMP", 1, "warehouse"),
                new Allocated("o2", "LAMP", 1, "warehouse"),
                new Deallocated("o2", "LAMP", 1, "warehouse"),
                new Allocated("o2", "LAMP", 1, "ship"));
        assertThat(database.waiting("broker")).isZero();
    }

    @Test
    void whileTheDestinationIsAwayEventsWaitAndNoneIsLostOrDoubled() {
        PublicationRelay relay = relay("a");
        bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));
        bus.handle(new Allocate("o1", "LAMP", 1));
        drain(relay);
        destination.away = true;
        bus.handle(new Allocate("o2", "LAMP", 1));
        bus.handle(new Allocate("o3", "LAMP", 1));
        drain(relay);
        assertThat(database.waiting("broker")).isEqualTo(2);

        destination.away = false;
        drain(relay);

        assertThat(destination.received).extracting(e -> ((Allocated) e.message()).orderId()).containsExactly("o1", "o2", "o3");
        assertThat(database.waiting("broker")).isZero();
    }

    @Test
    void onlyTheHolderOfTheLeaseSends() {
        PublicationRelay first = relay("a");
        PublicationRelay second = relay("b");
        bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));
        bus.handle(new Allocate("o1", "LAMP", 1));
        first.step();
        bus.handle(new Allocate("o2", "LAMP", 1));

        drain(second);

        assertThat(destination.received).hasSize(1);
        drain(first);
        assertThat(destination.received).hasSize(2);
    }

    @Test
    void aCommitWakesTheRelayWithoutWaitingForItsNextLook() {
        // Were the relay to look only when its pause runs out, it would not send within the test.
        PublicationRelay.Timing pollingHourly = new PublicationRelay.Timing(2, Duration.ofHours(1), Duration.ofSeconds(10),
                Duration.ZERO, new Backoff(Duration.ZERO, Duration.ZERO));
        bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));
        try (PublicationRelay relay = new PublicationRelay(database, destination, Clock.systemUTC(), "a", pollingHourly).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> database.waiting("broker") == 0);

            bus.handle(new Allocate("o1", "LAMP", 1));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(destination.received)
                    .extracting(Envelope::message).containsExactly(new Allocated("o1", "LAMP", 1, "warehouse")));
        }
    }
}
