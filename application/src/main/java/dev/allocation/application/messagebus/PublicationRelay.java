package dev.allocation.application.messagebus;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Publication;
import dev.allocation.application.port.out.Tracing;
import dev.allocation.domain.events.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Sends one destination's stored publications and removes them once the destination has taken them:
 * at least once, in commit order per SKU. While the destination is away they wait, retried with
 * backoff and never given up on.
 *
 * <p>The publications are spread over {@link Publication#LANES lanes} by SKU. Several threads send
 * them, each its own share of the lanes, oldest first, so that one thread's wait for the broker's
 * confirms overlaps the others' work. A thread sends a lane only while this instance holds the lane's
 * lease: the instances sending a destination each keep a lease on their place among them, and each
 * takes its fair share of the lanes, giving up lanes when another instance joins and taking over
 * those of one that stops renewing. Each event sent is a span, a child of the span that recorded it,
 * and goes out with that span's trace context.
 */
public final class PublicationRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublicationRelay.class);

    /** How the relay runs; {@link #DEFAULT} is the service's. */
    public record Timing(int batch, int threads, Duration idlePause, Duration lease, Duration leaseRetry, Backoff backoff) {

        public Timing {
            if (threads < 1 || threads > Publication.LANES) {
                throw new IllegalArgumentException("threads must be 1 to " + Publication.LANES + ": " + threads);
            }
        }

        /**
         * Batches of 200 from four threads; quiet lanes are looked at as soon as this process commits
         * publications for the destination, and otherwise every 10 ms, for those of other instances
         * (one indexed read over the quiet lanes this instance holds, whichever thread makes it);
         * leases last 10 s and are renewed half-way, and each second a thread looks whether an
         * instance joined or left, to take or give up lanes; a destination that is away is tried
         * again within 5 s at most.
         */
        public static final Timing DEFAULT = new Timing(200, 4, Duration.ofMillis(10), Duration.ofSeconds(10),
                Duration.ofSeconds(1), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)));

        /** This timing with {@code threads} sending threads. */
        public Timing withThreads(int threads) {
            return new Timing(batch, threads, idlePause, lease, leaseRetry, backoff);
        }
    }

    private final Outbox publications;
    private final EventPublisher publisher;
    private final Clock clock;
    private final String holder;
    private final Timing timing;
    private final BusObserver observer;
    private final Tracing tracing;
    private final List<Sender> senders;
    /**
     * The lanes held by this instance's threads that found nothing to send at their last turn: the
     * one look at quiet lanes covers them all. A lane being drained is left out, as its thread reads it anyway.
     */
    private final Set<Integer> quietHere = ConcurrentHashMap.newKeySet();
    /** When that look is next due, in the clock's milliseconds: one thread makes it, for all of them. */
    private final AtomicLong nextLook = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean running = true;

    /** @param holder this instance's name in the leases, unique among the instances */
    public PublicationRelay(Outbox publications, EventPublisher publisher, Clock clock, String holder, Timing timing) {
        this(publications, publisher, clock, holder, timing, BusObserver.NONE, Tracing.NONE);
    }

    /**
     * @param observer told how many events each batch sent, for metrics
     * @param tracing  makes a span of each event sent
     */
    public PublicationRelay(Outbox publications, EventPublisher publisher, Clock clock, String holder, Timing timing,
                            BusObserver observer, Tracing tracing) {
        this.observer = Objects.requireNonNull(observer);
        this.tracing = Objects.requireNonNull(tracing);
        this.publications = Objects.requireNonNull(publications);
        this.publisher = Objects.requireNonNull(publisher);
        this.clock = Objects.requireNonNull(clock);
        this.holder = Objects.requireNonNull(holder);
        this.timing = Objects.requireNonNull(timing);
        this.senders = IntStream.range(0, timing.threads()).mapToObj(Sender::new).toList();
    }

    public PublicationRelay start() {
        publications.whenStored(publisher.destination(), lane -> senderOf(lane).wake(lane));
        senders.forEach(sender -> sender.thread.start());
        return this;
    }

    public String destination() {
        return publisher.destination();
    }

    /** One turn of each thread's work, on the calling thread: for tests, which step the relay themselves. */
    void step() {
        senders.forEach(Sender::turn);
    }

    /**
     * Stops after the batches in hand and gives up the leases, so that other instances take over at
     * once; what was not sent waits for them or the next start.
     */
    @Override
    public void close() {
        running = false;
        senders.forEach(sender -> RelayThreads.awaitStop(sender.thread));
        senders.stream().filter(sender -> !sender.thread.isAlive()).forEach(Sender::giveUp);
    }

    /** The thread that sends a lane: lane {@code l} is thread {@code l % threads}'s. */
    private Sender senderOf(int lane) {
        return senders.get(lane % senders.size());
    }

    /** The name of the lease on a lane. */
    private String laneLease(int lane) {
        return publisher.destination() + "/" + lane;
    }

    /** The prefix of the leases that tell which instances are sending the destination. */
    private String placePrefix() {
        return publisher.destination() + "@";
    }

    /**
     * How long to pause before the next turn; {@code untilStored} when a commit storing publications
     * for the destination ends it early.
     */
    record Pause(Duration length, boolean untilStored) {

        static final Pause NONE = fixed(Duration.ZERO);

        static Pause fixed(Duration length) {
            return new Pause(length, false);
        }
    }

    /** One thread: the lanes {@code l} with {@code l % threads == index}, of which it holds a share. */
    private final class Sender {
        private final List<Integer> lanes;
        private final Thread thread;
        /** The lanes this thread holds the leases of, until {@link #leaseUntil}; touched by its thread only. */
        private final TreeSet<Integer> held = new TreeSet<>();
        private Instant leaseUntil = Instant.EPOCH;
        private Instant nextLeaseAttempt = Instant.EPOCH;
        /** Whether an instance of an earlier release held the whole destination, at the last renewal. */
        private boolean olderRelease;
        /** Lanes that this process's commits stored publications in since the last turn. */
        private final Set<Integer> due = ConcurrentHashMap.newKeySet();
        /** Lanes whose last batch was full; touched by its thread only. */
        private final Set<Integer> more = new TreeSet<>();
        private int failures;

        Sender(int index) {
            this.lanes = IntStream.range(0, Publication.LANES).filter(lane -> lane % timing.threads() == index).boxed().toList();
            this.thread = new Thread(this::loop, "publication-relay-" + publisher.destination() + "-" + index);
            this.thread.setDaemon(true);
        }

        void wake(int lane) {
            due.add(lane);
            LockSupport.unpark(thread);
        }

        /**
         * Whether this thread makes the instance's look at its quiet lanes now; no other will until the
         * next is due. A clock set back does not hold the looks up for as long.
         */
        private boolean lookDue(Instant now) {
            long at = now.toEpochMilli();
            long next = nextLook.get();
            long pause = timing.idlePause().toMillis();
            return (at >= next || next - at > pause) && nextLook.compareAndSet(next, at + pause);
        }

        private void loop() {
            int databaseFailures = 0;
            while (running) {
                Pause pause;
                try {
                    pause = turn();
                    databaseFailures = 0;
                } catch (RuntimeException e) {
                    // Once, then once a minute or so: the database being away is reported elsewhere too.
                    if (databaseFailures++ % 60 == 0) {
                        log.warn("Outbox to {} could not be read or removed ({} times in a row): {}",
                                publisher.destination(), databaseFailures, e.getMessage());
                    }
                    pause = Pause.fixed(timing.leaseRetry());
                }
                if (pause.untilStored()) {
                    LockSupport.parkNanos(this, pause.length().toNanos());
                } else {
                    sleep(pause.length());
                }
            }
        }

        /**
         * One turn: make sure of the leases, then send a batch of each lane held that a commit of this
         * process signalled or that had more. When the instance's look is due, one read first tells
         * which quiet lanes of the instance have publications (of other instances, or left by a
         * failure), and each of those is read by its thread too.
         */
        Pause turn() {
            try {
                Pause pause = work();
                markQuiet(more);
                return pause;
            } catch (RuntimeException | Error e) {
                markQuiet(Set.copyOf(lanes));
                throw e;
            }
        }

        /** The lanes held, but for the {@code busy} ones, are left to the instance's look. */
        private void markQuiet(Set<Integer> busy) {
            for (int lane : lanes) {
                if (held.contains(lane) && !busy.contains(lane)) {
                    quietHere.add(lane);
                } else {
                    quietHere.remove(lane);
                }
            }
        }

        private Pause work() {
            Instant now = clock.instant();
            if (!now.isBefore(leaseUntil.minus(timing.lease().dividedBy(2)))) {
                takeShare(now);
            } else if (!now.isBefore(nextLeaseAttempt)) {
                // Between renewals, a look at how many instances send: one that joined or left changes the share.
                nextLeaseAttempt = now.plus(timing.leaseRetry());
                if (held.size() != shareOf(publications.leasesRunning(placePrefix(), now), olderRelease)) {
                    takeShare(now);
                }
            }
            if (held.isEmpty()) {
                due.clear();
                return Pause.fixed(timing.leaseRetry());
            }
            Set<Integer> toRead = new TreeSet<>(more);
            for (Integer lane : due) {
                due.remove(lane);
                if (held.contains(lane)) {
                    toRead.add(lane);
                }
            }
            // Made while this thread drains a lane too, so that its other lanes do not wait for the end.
            if (lookDue(now)) {
                lookAtQuietLanes(toRead);
            }
            if (toRead.isEmpty()) {
                return idle();
            }
            markQuiet(toRead); // the instance's look leaves the lanes being read to this thread meanwhile
            more.clear();
            for (int lane : toRead) {
                if (!clock.instant().isBefore(leaseUntil.minus(timing.lease().dividedBy(2)))) {
                    // A send took long (a broker slow to confirm): the leases are renewed, and the lanes
                    // another instance took meanwhile given up, before any other lane is sent.
                    more.addAll(toRead);
                    return Pause.NONE;
                }
                List<Publication> next = publications.next(publisher.destination(), lane, timing.batch());
                if (next.isEmpty()) {
                    continue;
                }
                if (!send(next)) {
                    more.addAll(toRead); // to be read again after the backoff
                    return Pause.fixed(timing.backoff().pauseBefore(failures));
                }
                if (next.size() == timing.batch()) {
                    more.add(lane);
                }
            }
            return more.isEmpty() ? idle() : Pause.NONE;
        }

        /**
         * The instance's look at its quiet lanes, those this thread is about to read aside: this
         * thread's lanes that have something are added to {@code toRead}, other threads' are woken.
         */
        private void lookAtQuietLanes(Set<Integer> toRead) {
            Set<Integer> quiet = new TreeSet<>(quietHere);
            quiet.addAll(held);
            quiet.removeAll(toRead);
            // A lane a commit of this process has just signalled is read by its thread anyway.
            quiet.removeIf(lane -> senderOf(lane).due.contains(lane));
            if (quiet.isEmpty()) {
                return;
            }
            for (int lane : publications.waitingIn(publisher.destination(), quiet)) {
                if (held.contains(lane)) {
                    toRead.add(lane);
                } else {
                    senderOf(lane).wake(lane);
                }
            }
        }

        /** @return false when the destination did not take them */
        private boolean send(List<Publication> next) {
            List<Tracing.Span> spans = new ArrayList<>(next.size());
            List<Envelope<Event>> events = new ArrayList<>(next.size());
            for (Publication publication : next) {
                Envelope<Event> event = publication.event();
                Tracing.Span span = tracing.startAside("publish " + publisher.destination(), Tracing.Kind.PRODUCER, event.trace())
                        .attribute("messaging.message.id", event.id())
                        .attribute("messaging.destination.name", publisher.destination())
                        .attribute("allocation.message.type", event.message().getClass().getSimpleName())
                        .attribute("allocation.sku", event.message().sku())
                        .attribute("allocation.correlation_id", event.correlationId());
                spans.add(span);
                events.add(event.tracedBy(span.context()));
            }
            try {
                publisher.publish(events);
            } catch (RuntimeException e) {
                spans.forEach(span -> {
                    span.failed(e);
                    span.close();
                });
                failures++;
                if (failures == 1 || failures % 20 == 0) {
                    log.warn("Could not publish to {} ({} failed attempts; {} waiting), trying again in {} ms: {}",
                            publisher.destination(), failures, publications.waiting(publisher.destination()),
                            timing.backoff().pauseBefore(failures).toMillis(), e.getMessage());
                }
                return false;
            }
            if (failures > 0) {
                log.info("Publishing to {} again after {} failed attempts", publisher.destination(), failures);
                failures = 0;
            }
            spans.forEach(Tracing.Span::close);
            publications.sent(next);
            observer.published(publisher.destination(), next.size());
            return true;
        }

        /**
         * Renews this instance's place and the lanes held, gives up lanes beyond this thread's fair share
         * (its lanes over the instances sending), and takes free ones up to it. An instance of an
         * earlier release holding the whole destination's lease keeps every lane.
         */
        private void takeShare(Instant now) {
            Instant until = now.plus(timing.lease());
            publications.lease(placePrefix() + holder, holder, now, until);
            olderRelease = !publications.lease(publisher.destination(), holder, now, now);
            int instances = publications.leasesRunning(placePrefix(), now);
            int share = shareOf(instances, olderRelease);
            List<Integer> before = List.copyOf(held);
            held.removeIf(lane -> !publications.lease(laneLease(lane), holder, now, until));
            more.retainAll(held);
            while (held.size() > share) {
                int lane = held.pollLast();
                more.remove(lane);
                publications.lease(laneLease(lane), holder, now, now);
            }
            for (int lane : lanes) {
                if (held.size() >= share) {
                    break;
                }
                if (!held.contains(lane) && publications.lease(laneLease(lane), holder, now, until)) {
                    held.add(lane);
                }
            }
            leaseUntil = until;
            nextLeaseAttempt = now.plus(timing.leaseRetry());
            if (!before.equals(List.copyOf(held))) {
                log.info("Sending lanes {} of {} from this instance ({}; instances sending: {}{})", held, publisher.destination(),
                        holder, instances, olderRelease ? ", one of an earlier release holding every lane" : "");
            }
        }

        /** This thread's fair share of its lanes. */
        private int shareOf(int instances, boolean olderRelease) {
            return olderRelease ? 0 : (lanes.size() + Math.max(1, instances) - 1) / Math.max(1, instances);
        }

        /** Gives up the lanes and this instance's place; they expire by themselves if the database is away. */
        void giveUp() {
            if (leaseUntil.equals(Instant.EPOCH)) {
                return; // never took any
            }
            Instant now = clock.instant();
            try {
                for (int lane : held) {
                    publications.lease(laneLease(lane), holder, now, now);
                }
                publications.lease(placePrefix() + holder, holder, now, now);
                held.clear();
                markQuiet(Set.of());
            } catch (RuntimeException e) {
                log.debug("The leases on {} could not be given up; they expire by themselves", publisher.destination(), e);
            }
        }

        private Pause idle() {
            return new Pause(timing.idlePause(), true);
        }

        /** Sleeps the whole pause, however many commits there are meanwhile, unless the relay is closed. */
        private void sleep(Duration pause) {
            long until = System.nanoTime() + pause.toNanos();
            for (long left = pause.toNanos(); running && left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
            }
        }
    }
}
