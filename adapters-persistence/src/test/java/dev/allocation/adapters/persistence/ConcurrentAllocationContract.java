package dev.allocation.adapters.persistence;

import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.fake.Buses;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.port.in.AllocationsView.Allocation;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.CreateBatch;
import org.junit.jupiter.api.RepeatedTest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads allocate at once against one SKU whose stock fits only part of the orders: exactly the
 * stock is allocated, and every answer stands. Within a process the product locks make the threads
 * take turns; what the test guards is that the version check, the product cache and the group commit
 * still agree under that contention (on PostgreSQL, the version check is also what decides between
 * processes). Repeated, because a broken agreement shows only now and then.
 */
abstract class ConcurrentAllocationContract {

    private static final int THREADS = 8;
    private static final int ORDERS_PER_THREAD = 25;
    private static final int BATCH_SIZE = 20;

    protected abstract JdbiDatabase database();

    @RepeatedTest(value = 20, name = "run {currentRepetition} of {totalRepetitions}")
    void neverAllocatesBeyondStockAndKeepsEveryAnswer() throws InterruptedException {
        JdbiDatabase database = database();
        FakeNotifications notifications = new FakeNotifications();
        MessageRoutes handlers = new Handlers(notifications).registry();
        MessageBus bus = Buses.over(database.unitsOfWork(handlers), database.deliveries(), handlers);
        String sku = "HOT-" + UUID.randomUUID();
        List<String> refs = List.of(sku + "-a", sku + "-b", sku + "-c");
        bus.handle(new CreateBatch(refs.get(0), sku, BATCH_SIZE, null));
        bus.handle(new CreateBatch(refs.get(1), sku, BATCH_SIZE, LocalDate.of(2030, 1, 1)));
        bus.handle(new CreateBatch(refs.get(2), sku, BATCH_SIZE, LocalDate.of(2030, 2, 1)));

        Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < ORDERS_PER_THREAD; i++) {
                        String orderId = "order-" + thread + "-" + i;
                        answers.put(orderId, bus.handle(new Allocate(orderId, sku, 1)).batch());
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            worker.start();
            threads.add(worker);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        }

        assertThat(errors).as("no thread sees an error while retries remain").isEmpty();
        assertThat(answers).hasSize(THREADS * ORDERS_PER_THREAD);
        long allocated = answers.values().stream().filter(Optional::isPresent).count();
        assertThat(allocated).as("exactly the stock is allocated").isEqualTo(3L * BATCH_SIZE);
        Map<String, Integer> perBatch = new ConcurrentHashMap<>();
        answers.forEach((orderId, answer) -> {
            List<Allocation> stored = database.storedAllocations().ofOrder(orderId);
            if (answer.isPresent()) {
                assertThat(stored).as(orderId).containsExactly(new Allocation(sku, answer.get()));
                perBatch.merge(answer.get(), 1, Integer::sum);
            } else {
                assertThat(stored).as(orderId + " was refused").isEmpty();
            }
        });
        assertThat(perBatch).containsOnlyKeys(refs).allSatisfy((ref, count) -> assertThat(count).isEqualTo(BATCH_SIZE));
        assertThat(notifications.outOfStock()).hasSize(THREADS * ORDERS_PER_THREAD - 3 * BATCH_SIZE);
    }
}
