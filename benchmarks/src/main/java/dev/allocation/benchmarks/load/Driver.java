package dev.allocation.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/** Sends requests from a number of concurrent clients and records each answer and its latency. */
final class Driver {

    /**
     * One answer: status (-1 when the request failed) and body.
     *
     * @param nanos    how long it took
     * @param arrived  when it arrived, on {@link System#nanoTime()}'s clock
     */
    record Answer(int status, String body, long nanos, long arrived) {
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    Driver(String base) {
        this.base = base;
    }

    Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Answer send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long arrived = System.nanoTime();
            return new Answer(response.statusCode(), response.body(), arrived - start, arrived);
        } catch (IOException e) {
            long arrived = System.nanoTime();
            return new Answer(-1, String.valueOf(e), arrived - start, arrived);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long arrived = System.nanoTime();
            return new Answer(-1, "interrupted", arrived - start, arrived);
        }
    }

    /** Runs every item through {@code call} on {@code clients} threads; the answers come back in item order. */
    <T> List<Answer> run(List<T> items, int clients, Function<T, Answer> call) {
        Answer[] answers = new Answer[items.size()];
        AtomicInteger next = new AtomicInteger();
        onThreads(clients, () -> {
            for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                answers[i] = call.apply(items.get(i));
            }
        });
        return List.of(answers);
    }

    /** Keeps {@code clients} threads busy with {@code call} until the time is up; returns how many calls ran. */
    long runFor(Duration duration, int clients, Function<Long, Answer> call) {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong count = new AtomicLong();
        onThreads(clients, () -> {
            while (System.nanoTime() < deadline) {
                call.apply(count.getAndIncrement());
            }
        });
        return count.get();
    }

    /** Keeps {@code clients} threads busy with {@code call} until {@code done} says so; returns how many calls ran. */
    long runUntil(BooleanSupplier done, int clients, Function<Long, Answer> call) {
        AtomicLong count = new AtomicLong();
        onThreads(clients, () -> {
            while (!done.getAsBoolean()) {
                call.apply(count.getAndIncrement());
            }
        });
        return count.get();
    }

    /**
     * Calls {@code call} at a steady {@code rate} a second, the n-th at {@code n / rate} seconds from
     * now, whatever the answers' speed, for as long as {@code more} accepts the next n; {@code senders}
     * threads are enough that a slow answer does not hold up the pace.
     */
    static void paced(int rate, int senders, LongPredicate more, LongConsumer call) {
        long start = System.nanoTime();
        long period = 1_000_000_000L / rate;
        AtomicLong next = new AtomicLong();
        onThreads(senders, () -> {
            for (long n = next.getAndIncrement(); more.test(n); n = next.getAndIncrement()) {
                long wait = start + n * period - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!more.test(n)) {
                    return;
                }
                call.accept(n);
            }
        });
    }

    /** Runs the work on that many client threads at once and waits for all of them. */
    static void onThreads(int clients, Runnable work) {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(work, "client-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
