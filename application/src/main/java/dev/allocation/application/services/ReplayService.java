package dev.allocation.application.services;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.in.EventReplays;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.application.port.out.ReplayPublisher;
import dev.allocation.domain.events.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs replays, each on a thread of its own: reads the history a page at a time in the order of
 * recording and sends each page's events of the destination's types, paced to the rate asked for.
 * A page the destination refuses is tried again after a pause, for a while, before the replay fails.
 * Replays live in this process: a restart forgets them, and a replay is started again by hand.
 */
public final class ReplayService implements EventReplays, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    static final int PAGE = 200;

    /** How long a refused page is retried before the replay fails, and how often. */
    public record Patience(Duration pause, int attempts) {
        public static final Patience DEFAULT = new Patience(Duration.ofSeconds(1), 30);
    }

    private final EventHistory history;
    private final Map<String, ReplayPublisher> publishers;
    private final Patience patience;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public ReplayService(EventHistory history, List<ReplayPublisher> publishers, Patience patience) {
        this.history = Objects.requireNonNull(history);
        this.publishers = publishers.stream().collect(Collectors.toUnmodifiableMap(ReplayPublisher::destination, Function.identity()));
        this.patience = Objects.requireNonNull(patience);
    }

    @Override
    public Status start(Request request) {
        ReplayPublisher publisher = publishers.get(request.destination());
        if (publisher == null) {
            throw new UnknownDestination(request.destination(), publishers.keySet().stream().sorted().toList());
        }
        if (!request.from().isBefore(request.to()) || request.perSecond() < 1) {
            throw new IllegalArgumentException("a replay needs from before to, and a rate of at least 1 a second");
        }
        Job job = new Job(UUID.randomUUID().toString(), request, publisher);
        jobs.put(job.id, job);
        job.thread.start();
        log.info("Replay {} started: {}", job.id, request);
        return job.status();
    }

    @Override
    public Optional<Status> status(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::status);
    }

    @Override
    public Optional<Status> cancel(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        job.cancel();
        return Optional.of(job.status());
    }

    /** Cancels every running replay and waits for each to finish its batch in flight. */
    @Override
    public void close() {
        jobs.values().forEach(Job::cancel);
        for (Job job : jobs.values()) {
            try {
                job.thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Job implements Runnable {

        private final String id;
        private final Request request;
        private final ReplayPublisher publisher;
        private final Thread thread;
        private volatile State state = State.RUNNING;
        private volatile long sent;
        private volatile Instant lastRecordedAt;
        private volatile String error;
        private volatile boolean cancelled;

        Job(String id, Request request, ReplayPublisher publisher) {
            this.id = id;
            this.request = request;
            this.publisher = publisher;
            this.thread = new Thread(this, "replay-" + id.substring(0, 8));
            thread.setDaemon(true);
        }

        Status status() {
            return new Status(id, request, state, sent, Optional.ofNullable(lastRecordedAt), Optional.ofNullable(error));
        }

        /** Never interrupts: the thread may hold a database connection; its pauses end early instead. */
        void cancel() {
            cancelled = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            try {
                replay();
                state = cancelled ? State.CANCELLED : State.DONE;
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                state = cancelled ? State.CANCELLED : State.FAILED;
                log.error("Replay {} failed after {} events: {}", id, sent, error);
                return;
            }
            log.info("Replay {} {} after {} events", id, state.name().toLowerCase(), sent);
        }

        private void replay() {
            long started = System.nanoTime();
            long position = -1;
            int batch = Math.min(PAGE, request.perSecond());
            while (!cancelled) {
                List<EventHistory.Stored> page = history.recordedBetween(request.from(), request.to(), request.sku(), position, batch);
                if (page.isEmpty()) {
                    return;
                }
                position = page.get(page.size() - 1).position();
                List<Envelope<Event>> events = new ArrayList<>();
                for (EventHistory.Stored stored : page) {
                    if (publisher.publishes().contains(stored.event().message().getClass())) {
                        events.add(stored.event());
                    }
                }
                if (!events.isEmpty() && !send(events)) {
                    return;
                }
                sent += events.size();
                lastRecordedAt = page.get(page.size() - 1).event().recordedAt();
                // The pace: n events may go out n / rate seconds after the start, and no sooner.
                pauseUntil(started + sent * 1_000_000_000L / request.perSecond());
            }
        }

        /** @return false when cancelled while waiting to try again */
        private boolean send(List<Envelope<Event>> events) {
            for (int attempt = 1; ; attempt++) {
                try {
                    publisher.republish(events);
                    return true;
                } catch (RuntimeException e) {
                    if (attempt >= patience.attempts()) {
                        throw e;
                    }
                    log.warn("Replay {}: {} did not take {} events, trying again: {}", id, publisher.destination(),
                            events.size(), e.getMessage());
                    pauseUntil(System.nanoTime() + patience.pause().toNanos());
                    if (cancelled) {
                        return false;
                    }
                }
            }
        }

        private void pauseUntil(long nanoTime) {
            for (long left = nanoTime - System.nanoTime(); left > 0 && !cancelled; left = nanoTime - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    }
}
