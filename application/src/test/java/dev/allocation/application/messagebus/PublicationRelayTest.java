package dev.allocation.application.messagebus;

import dev.allocation.application.fake.FakeClock;
import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Publication;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PublicationRelayTest {

    /** Batches of two, four threads, no pauses; leases of 10 s, and a look at the other instances each second. */
    private static final PublicationRelay.Timing NO_PAUSE = new PublicationRelay.Timing(2, 4, Duration.ZERO,
            Duration.ofSeconds(10), Duration.ofSeconds(1), new Backoff(Duration.ZERO, Duration.ZERO));

    /** A destination that takes everything, or fails while told to. */
    private static final class Destination implements EventPublisher {
        /** What every relay sent to the destination, and what this one did. */
        final List<Envelope<Event>> received;
        final List<Envelope<Event>> mine = new CopyOnWriteArrayList<>();
        volatile boolean away;
        /** Runs as each batch is sent, before the destination takes it. */
        volatile Runnable sending = () -> { };

        Destination() {
            this(new CopyOnWriteArrayList<>());
        }

        /** Another way into the same destination, for another relay. */
        Destination(List<Envelope<Event>> received) {
            this.received = received;
        }

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
            sending.run();
            received.addAll(events);
            mine.addAll(events);
        }
    }

    private final Destination destination = new Destination();
    private final MessageRoutes registry = new Handlers(new FakeNotifications()).registry(List.of(destination));
    private final FakeDatabase database = new FakeDatabase(registry);
    private final MessageBus bus = new MessageBus(database, registry, database, RetryPolicy.DEFAULT, DeliveryPolicy.DEFAULT,
            Clock.systemUTC());

    private final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));

    private PublicationRelay relay(String holder) {
        return relay(holder, destination);
    }

    private PublicationRelay relay(String holder, Destination through) {
        return new PublicationRelay(database, through, clock, holder, NO_PAUSE);
    }

    private static void drain(PublicationRelay relay) {
        for (int i = 0; i < 500; i++) {
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
        PublicationRelay.Timing pollingHourly = new PublicationRelay.Timing(2, 4, Duration.ofHours(1), Duration.ofSeconds(10),
                Duration.ZERO, new Backoff(Duration.ZERO, Duration.ZERO));
        bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));
        try (PublicationRelay relay = new PublicationRelay(database, destination, Clock.systemUTC(), "a", pollingHourly).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> database.waiting("broker") == 0);

            bus.handle(new Allocate("o1", "LAMP", 1));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(destination.received)
                    .extracting(Envelope::message).containsExactly(new Allocated("o1", "LAMP", 1, "warehouse")));
        }
    }

    @Test
    void twoInstancesShareTheLanesAndEachSkusEventsKeepTheirOrder() {
        List<String> skus = IntStream.range(0, 40).mapToObj(i -> "SKU-" + i).toList();
        skus.forEach(sku -> bus.handle(new CreateBatch(sku + "-b", sku, 1_000, null)));
        Destination viaFirst = new Destination(destination.received);
        Destination viaSecond = new Destination(destination.received);
        PublicationRelay first = relay("a", viaFirst);
        first.step(); // alone: it takes every lane
        PublicationRelay second = relay("b", viaSecond);
        second.step(); // there are two now, and every lane is taken
        clock.advance(Duration.ofSeconds(1)); // at its next look the first sees two instances and gives up half
        first.step();
        second.step(); // and the second takes them

        for (int n = 0; n < 10; n++) {
            for (String sku : skus) {
                bus.handle(new Allocate(sku + "~" + n, sku, 1));
            }
            (n % 2 == 0 ? first : second).step();
        }
        drain(first);
        drain(second);

        assertThat(destination.received).hasSize(skus.size() * 10);
        assertThat(destination.received).extracting(e -> ((Allocated) e.message()).orderId()).doesNotHaveDuplicates();
        for (String sku : skus) {
            assertThat(destination.received).filteredOn(e -> e.message().sku().equals(sku))
                    .extracting(e -> ((Allocated) e.message()).orderId())
                    .containsExactly(IntStream.range(0, 10).mapToObj(n -> sku + "~" + n).toArray(String[]::new));
        }
        Set<Integer> firstsLanes = lanes(viaFirst.mine);
        Set<Integer> secondsLanes = lanes(viaSecond.mine);
        assertThat(firstsLanes).as("the first's share").hasSizeGreaterThan(2).doesNotContainAnyElementsOf(secondsLanes);
        assertThat(secondsLanes).as("the second's share").hasSizeGreaterThan(2);
        assertThat(firstsLanes.size() + secondsLanes.size()).isEqualTo(lanes(destination.received).size());
    }

    @Test
    void aThreadWhoseLeasesRunOutDuringASendSendsNoOtherLaneBeforeItRenewsThem() {
        List<String> skus = IntStream.range(0, 40).mapToObj(i -> "SKU-" + i).toList();
        skus.forEach(sku -> bus.handle(new CreateBatch(sku + "-b", sku, 1_000, null)));
        skus.forEach(sku -> bus.handle(new Allocate(sku + "~1", sku, 1)));
        Destination viaFirst = new Destination(destination.received);
        PublicationRelay first = relay("a", viaFirst);
        PublicationRelay second = relay("b", new Destination(destination.received));
        AtomicInteger sentAfterTheLeasesRanOut = new AtomicInteger();
        viaFirst.sending = () -> {
            // The first send outlasts the leases (a broker slow to confirm), and the other instance takes the lanes.
            viaFirst.sending = sentAfterTheLeasesRanOut::incrementAndGet;
            clock.advance(Duration.ofSeconds(11));
            second.step();
        };

        first.step();

        assertThat(viaFirst.mine).as("the batch under way when the leases ran out").isNotEmpty();
        assertThat(sentAfterTheLeasesRanOut).as("lanes sent by the first after it lost them").hasValue(0);
    }

    @Test
    void theLanesOfAnInstanceThatStopsRenewingAreTakenOver() {
        bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));
        PublicationRelay first = relay("a");
        first.step();
        PublicationRelay second = relay("b");
        bus.handle(new Allocate("o1", "LAMP", 1));
        drain(second);
        assertThat(destination.received).as("the first holds every lane").isEmpty();

        clock.advance(Duration.ofSeconds(11)); // the first's leases have run out

        drain(second);
        assertThat(destination.received).extracting(e -> ((Allocated) e.message()).orderId()).containsExactly("o1");
    }

    @Test
    void whileAnInstanceOfAnEarlierReleaseHoldsTheWholeDestinationItAloneSends() {
        database.lease("broker", "earlier-release", clock.instant(), clock.instant().plusSeconds(10));
        bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));
        bus.handle(new Allocate("o1", "LAMP", 1));
        PublicationRelay relay = relay("a");

        drain(relay);
        assertThat(destination.received).isEmpty();

        clock.advance(Duration.ofSeconds(11)); // the earlier release stopped renewing
        drain(relay);
        assertThat(destination.received).extracting(e -> ((Allocated) e.message()).orderId()).containsExactly("o1");
    }

    /** SKUs whose lanes belong to each of the four threads, by thread (a lane's thread is lane % 4). */
    private static List<String> oneSkuPerThread() {
        Map<Integer, String> byThread = new TreeMap<>();
        IntStream.range(0, 1_000).mapToObj(i -> "SKU-" + i).forEach(sku -> byThread.putIfAbsent(Publication.lane(sku) % 4, sku));
        assertThat(byThread).hasSize(4);
        return List.copyOf(byThread.values());
    }

    private static final PublicationRelay.Timing LOOKING_EVERY_10_MS = new PublicationRelay.Timing(2, 4, Duration.ofMillis(10),
            Duration.ofSeconds(10), Duration.ofSeconds(1), new Backoff(Duration.ZERO, Duration.ZERO));

    @Test
    void quietLanesAreLookedAtOnceForTheInstanceNotByEachThread() {
        List<String> skus = oneSkuPerThread();
        skus.forEach(sku -> bus.handle(new CreateBatch(sku + "-b", sku, 10, null)));
        Counting outbox = new Counting(database);
        PublicationRelay relay = new PublicationRelay(outbox, destination, clock, "a", LOOKING_EVERY_10_MS);

        relay.step();
        relay.step();
        assertThat(outbox.looks).as("four quiet threads, one look").isEqualTo(1);

        // Stored by another instance, in the last thread's lane: no commit of this process wakes it.
        String last = skus.get(3);
        bus.handle(new Allocate("o1", last, 1));
        relay.step();
        assertThat(destination.received).as("before the next look is due").isEmpty();

        clock.advance(Duration.ofMillis(10));
        relay.step(); // the first thread looks, and wakes the one whose lane has something
        assertThat(outbox.looks).isEqualTo(2);
        assertThat(destination.received).extracting(e -> e.message().sku()).containsExactly(last);
        assertThat(outbox.readsElsewhere(Publication.lane(last))).as("reads of the lanes that had nothing").isZero();
    }

    /**
     * Ten batches of two in the busy SKU's lane, stored by another instance (no commit of this process
     * wakes the relay), found by the relay's look: its thread starts draining the lane.
     */
    private void startDraining(PublicationRelay relay, String busy) {
        relay.step();
        for (int n = 0; n < 20; n++) {
            bus.handle(new Allocate("o" + n, busy, 1));
        }
        clock.advance(Duration.ofMillis(10));
        relay.step();
    }

    @Test
    void aLaneBeingDrainedDoesNotMakeTheQuietThreadsRead() {
        List<String> skus = oneSkuPerThread();
        String busy = skus.get(1);
        bus.handle(new CreateBatch(busy + "-b", busy, 100, null));
        Counting outbox = new Counting(database);
        PublicationRelay relay = new PublicationRelay(outbox, destination, clock, "a", LOOKING_EVERY_10_MS);
        startDraining(relay, busy);
        int readsBefore = outbox.readsElsewhere(Publication.lane(busy));

        for (int turn = 0; turn < 5; turn++) {
            clock.advance(Duration.ofMillis(10));
            relay.step();
        }

        assertThat(destination.received).as("still draining").hasSizeBetween(4, 19);
        assertThat(outbox.readsElsewhere(Publication.lane(busy))).as("reads of the quiet lanes meanwhile").isEqualTo(readsBefore);
    }

    @Test
    void aLaneBeingDrainedDoesNotHoldUpItsThreadsOtherLanes() {
        // Two SKUs in different lanes of one thread (lanes l and l + 4 are both thread l % 4's).
        List<String> skus = IntStream.range(0, 1_000).mapToObj(i -> "SKU-" + i).toList();
        String busy = skus.get(0);
        String other = skus.stream()
                .filter(sku -> Publication.lane(sku) % 4 == Publication.lane(busy) % 4 && Publication.lane(sku) != Publication.lane(busy))
                .findFirst().orElseThrow();
        bus.handle(new CreateBatch(busy + "-b", busy, 100, null));
        bus.handle(new CreateBatch(other + "-b", other, 100, null));
        PublicationRelay relay = new PublicationRelay(database, destination, clock, "a", LOOKING_EVERY_10_MS);
        startDraining(relay, busy);

        bus.handle(new Allocate("x", other, 1)); // by another instance too, in the same thread's quiet lane
        clock.advance(Duration.ofMillis(10));
        relay.step();
        clock.advance(Duration.ofMillis(10));
        relay.step();

        assertThat(destination.received).extracting(e -> e.message().sku()).as("the busy lane still draining")
                .filteredOn(busy::equals).hasSizeLessThan(20);
        assertThat(destination.received).extracting(e -> e.message().sku()).contains(other);
    }

    /** The fake database's outbox, counting the looks at quiet lanes and the reads of each lane. */
    private static final class Counting implements Outbox {
        private final Outbox outbox;
        private final Map<Integer, Integer> reads = new TreeMap<>();
        int looks;

        Counting(Outbox outbox) {
            this.outbox = outbox;
        }

        int readsElsewhere(int lane) {
            return reads.entrySet().stream().filter(e -> e.getKey() != lane).mapToInt(Map.Entry::getValue).sum();
        }

        @Override
        public List<Publication> next(String destination, int lane, int limit) {
            reads.merge(lane, 1, Integer::sum);
            return outbox.next(destination, lane, limit);
        }

        @Override
        public Set<Integer> waitingIn(String destination, Set<Integer> lanes) {
            looks++;
            return outbox.waitingIn(destination, lanes);
        }

        @Override
        public void sent(List<Publication> sent) {
            outbox.sent(sent);
        }

        @Override
        public boolean lease(String name, String holder, Instant now, Instant until) {
            return outbox.lease(name, holder, now, until);
        }

        @Override
        public int leasesRunning(String prefix, Instant now) {
            return outbox.leasesRunning(prefix, now);
        }

        @Override
        public long waiting(String destination) {
            return outbox.waiting(destination);
        }

        @Override
        public void whenStored(String destination, IntConsumer wake) {
            outbox.whenStored(destination, wake);
        }
    }

    private static Set<Integer> lanes(List<Envelope<Event>> events) {
        return events.stream().map(e -> Publication.lane(e.message().sku())).collect(Collectors.toSet());
    }
}
