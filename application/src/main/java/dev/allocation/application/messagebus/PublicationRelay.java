package dev.allocation.application.messagebus;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.application.port.out.Publication;
import dev.allocation.application.port.out.Outbox;
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
import java.util.concurrent.locks.LockSupport;

/**
 * Sends one destination's stored publications, oldest first, and removes them once the destination
 * has taken them: at least once, in commit order per SKU. While the destination is away they wait,
 * retried with backoff and never given up on. Of several instances, the one holding the destination's
 * lease sends; another takes over when a holder stops renewing it. Each event sent is a span, a
 * child of the span that recorded it, and goes out with that span's trace context.
 */
public final class PublicationRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublicationRelay.class);

    /** How the relay runs; {@link #DEFAULT} is the service's. */
    public record Timing(int batch, Duration idlePause, Duration lease, Duration leaseRetry, Backoff backoff) {

        /**
         * A quiet destination is looked at as soon as this process commits publications for it, and
         * otherwise every 10 ms, for those of other instances (an indexed read that finds nothing); a
         * lease lasts 10 s and is renewed half-way; a destination that is away is tried again within
         * 5 s at most.
         */
        public static final Timing DEFAULT = new Timing(200, Duration.ofMillis(10), Duration.ofSeconds(10),
                Duration.ofSeconds(1), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)));
    }

    private final Outbox publications;
    private final EventPublisher publisher;
    private final Clock clock;
    private final String holder;
    private final Timing timing;
    private final Thread thread;
    private volatile boolean running = true;
    /** Until when this relay holds the lease; the epoch while it does not. */
    private Instant leaseUntil = Instant.EPOCH;
    private int failures;

    private final BusObserver observer;
    private final Tracing tracing;

    /** @param holder this instance's name in the lease, unique among the instances */
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
        this.thread = new Thread(this::loop, "publication-relay-" + publisher.destination());
        this.thread.setDaemon(true);
    }

    public PublicationRelay start() {
        publications.whenStored(publisher.destination(), () -> LockSupport.unpark(thread));
        thread.start();
        return this;
    }

    public String destination() {
        return publisher.destination();
    }

    private void loop() {
        int databaseFailures = 0;
        while (running) {
            Pause pause;
            try {
                pause = step();
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
     * How long to pause before the next turn; {@code untilStored} when a commit storing publications
     * for the destination ends it early.
     */
    record Pause(Duration length, boolean untilStored) {

        static final Pause NONE = fixed(Duration.ZERO);

        static Pause fixed(Duration length) {
            return new Pause(length, false);
        }
    }

    /** One turn: make sure of the lease, then send what waits. */
    Pause step() {
        if (!holdsLease()) {
            return Pause.fixed(timing.leaseRetry());
        }
        List<Publication> next = publications.next(publisher.destination(), timing.batch());
        if (next.isEmpty()) {
            return idle();
        }
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
            Duration pause = timing.backoff().pauseBefore(failures);
            if (failures == 1 || failures % 20 == 0) {
                log.warn("Could not publish to {} ({} failed attempts; {} waiting), trying again in {} ms: {}",
                        publisher.destination(), failures, publications.waiting(publisher.destination()), pause.toMillis(),
                        e.getMessage());
            }
            return Pause.fixed(pause);
        }
        if (failures > 0) {
            log.info("Publishing to {} again after {} failed attempts", publisher.destination(), failures);
            failures = 0;
        }
        spans.forEach(Tracing.Span::close);
        publications.sent(next);
        observer.published(publisher.destination(), next.size());
        return next.size() < timing.batch() ? idle() : Pause.NONE;
    }

    /** Sleeps the whole pause, however many commits there are meanwhile, unless the relay is closed. */
    private void sleep(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        for (long left = pause.toNanos(); running && left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }

    private Pause idle() {
        return new Pause(timing.idlePause(), true);
    }

    /** Holds the lease, renewing it once half of it has run; or tries to take it over. */
    private boolean holdsLease() {
        Instant now = clock.instant();
        if (now.isBefore(leaseUntil.minus(timing.lease().dividedBy(2)))) {
            return true;
        }
        Instant until = now.plus(timing.lease());
        if (publications.lease(publisher.destination(), holder, now, until)) {
            if (now.isAfter(leaseUntil)) {
                log.info("Sending the publications to {} from this instance ({})", publisher.destination(), holder);
            }
            leaseUntil = until;
            return true;
        }
        leaseUntil = Instant.EPOCH;
        return false;
    }

    /**
     * Stops after the batch in hand and gives up the lease, so that another instance takes over at
     * once; what was not sent waits for it or the next start.
     */
    @Override
    public void close() {
        running = false;
        RelayThreads.awaitStop(thread);
        if (!thread.isAlive() && !leaseUntil.equals(Instant.EPOCH)) {
            try {
                Instant now = clock.instant();
                publications.lease(publisher.destination(), holder, now, now);
            } catch (RuntimeException e) {
                log.debug("The lease on {} could not be given up; it expires by itself", publisher.destination(), e);
            }
        }
    }
}
