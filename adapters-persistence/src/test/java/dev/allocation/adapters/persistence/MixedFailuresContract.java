package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocation.application.fake.Buses;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.port.in.AllocationsView.Allocation;
import dev.allocation.domain.model.InvalidSku;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.model.ConflictingOrderLine;
import dev.allocation.domain.model.DuplicateBatch;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent commands through the group commit, with failures of every kind mixed in: stock that
 * runs out, an unknown SKU, an order line that conflicts with the order's earlier one, and a batch
 * reference that two SKUs race for (which fails at the database, inside a group). Each caller must
 * get the outcome it would have got alone, and the database must hold exactly the successful ones.
 */
abstract class MixedFailuresContract {

    private static final int THREADS = 8;
    private static final int COMMANDS_PER_THREAD = 60;
    private static final int SKUS = 6;
    private static final int STOCK_PER_BATCH = 40;

    protected abstract JdbiDatabase database();

    /** The same database, for reading it behind the adapter's back. */
    protected abstract DatabaseSettings settings();

    /** What one command was and what its caller got. */
    private record Outcome(Object command, Optional<String> answer, Throwable error) {
    }

    @RepeatedTest(value = 5, name = "run {currentRepetition} of {totalRepetitions}")
    void everyCallerGetsItsOwnOutcomeAndTheDatabaseHoldsExactlyTheSuccessfulOnes() throws InterruptedException {
        JdbiDatabase database = database();
        MessageRoutes handlers = new Handlers(new FakeNotifications()).registry();
        MessageBus bus = Buses.over(database.unitsOfWork(handlers), database.deliveries(), handlers);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> skus = new ArrayList<>();
        for (int s = 0; s < SKUS; s++) {
            String sku = "MIX-" + run + "-" + s;
            skus.add(sku);
            bus.handle(new CreateBatch(sku + "-a", sku, STOCK_PER_BATCH, null));
            bus.handle(new CreateBatch(sku + "-b", sku, STOCK_PER_BATCH, java.time.LocalDate.of(2030, 1, 1)));
        }
        String lines = "MIX-" + run + "-lines";
        bus.handle(new CreateBatch(lines + "-a", lines, 10_000, null));
        List<CyclicBarrier> pairs = new ArrayList<>();
        for (int p = 0; p < THREADS / 2; p++) {
            pairs.add(new CyclicBarrier(2));
        }
        long groupsBefore = database.groupCommits().groups();
        long replaysBefore = database.groupCommits().replayed();

        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                Random random = new Random(thread);
                try {
                    start.await();
                    for (int i = 0; i < COMMANDS_PER_THREAD; i++) {
                        Object command = command(run, skus, lines, thread, i, random);
                        if (command instanceof CreateBatch) {
                            pairs.get(thread / 2).await(30, TimeUnit.SECONDS); // the two claims go in together
                        }
                        try {
                            Optional<String> ref = command instanceof Allocate allocate ? bus.handle(allocate).batch()
                                    : Optional.of(bus.handle((CreateBatch) command));
                            outcomes.add(new Outcome(command, ref, null));
                        } catch (InvalidSku | ConflictingOrderLine | DuplicateBatch expected) {
                            outcomes.add(new Outcome(command, Optional.empty(), expected));
                        }
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
            });
            worker.start();
            threads.add(worker);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        }

        assertThat(unexpected).as("errors other than the deliberate ones").isEmpty();
        assertThat(outcomes).hasSize(THREADS * COMMANDS_PER_THREAD);
        checkAnswers(outcomes, run);
        checkDatabase(database, outcomes, run);
        assertThat(database.groupCommits().groups() - groupsBefore).as("the commands went through the group commit").isPositive();
        assertThat(database.groupCommits().replayed() - replaysBefore)
                .as("a group failed at the database and was written again one by one").isPositive();
    }

    /**
     * Thread t's command i. Every fifth is a deliberate failure: an unknown SKU, a second line of an
     * order it allocated already (with another quantity), or a batch reference another thread claims
     * for another SKU at the same moment.
     */
    private static Object command(String run, List<String> skus, String lines, int thread, int i, Random random) {
        String sku = skus.get(random.nextInt(skus.size()));
        return switch (i % 10) {
            case 3 -> new Allocate(order(run, thread, i), "MIX-" + run + "-unknown", 1);
            case 4 -> new Allocate(order(run, thread, i), lines, 1);
            case 5 -> new Allocate(order(run, thread, i - 1), lines, 7);
            case 8 -> new CreateBatch("MIX-" + run + "-raced-" + (thread / 2) + "-" + i, skus.get(thread % 2), 5, null);
            default -> new Allocate(order(run, thread, i), sku, 1 + random.nextInt(3));
        };
    }

    private static String order(String run, int thread, int i) {
        return "mix-" + run + "-" + thread + "-" + i;
    }

    private static void checkAnswers(List<Outcome> outcomes, String run) {
        Map<String, List<Outcome>> raced = new HashMap<>();
        for (Outcome outcome : outcomes) {
            if (outcome.command() instanceof Allocate allocate && allocate.sku().endsWith("-unknown")) {
                assertThat(outcome.error()).as(allocate.toString()).isInstanceOf(InvalidSku.class);
            } else if (outcome.command() instanceof Allocate allocate && allocate.qty() == 7) {
                // The order's earlier line of the same SKU (qty 1; that SKU has stock for all) conflicts.
                assertThat(outcome.error()).as(allocate.toString()).isInstanceOf(ConflictingOrderLine.class);
            } else if (outcome.command() instanceof CreateBatch batch) {
                raced.computeIfAbsent(batch.ref(), ref -> new ArrayList<>()).add(outcome);
            } else {
                assertThat(outcome.error()).as(outcome.command().toString()).isNull();
            }
        }
        assertThat(raced).isNotEmpty();
        raced.forEach((ref, racers) -> {
            assertThat(racers).as(ref).hasSize(2);
            assertThat(racers.stream().filter(racer -> racer.error() == null)).as(ref + " has one winner").hasSize(1);
            assertThat(racers.stream().filter(racer -> racer.error() instanceof DuplicateBatch)).as(ref).hasSize(1);
        });
    }

    private void checkDatabase(JdbiDatabase database, List<Outcome> outcomes, String run) {
        Map<String, Integer> answeredPerBatch = new HashMap<>();
        for (Outcome outcome : outcomes) {
            if (outcome.command() instanceof Allocate allocate && outcome.error() == null) {
                List<Allocation> stored = database.storedAllocations().ofOrder(allocate.orderId());
                if (outcome.answer().isPresent()) {
                    assertThat(stored).as(allocate.toString()).containsExactly(new Allocation(allocate.sku(), outcome.answer().get()));
                    answeredPerBatch.merge(outcome.answer().get(), allocate.qty(), Integer::sum);
                } else {
                    assertThat(stored).as(allocate + " was out of stock").isEmpty();
                }
            }
        }
        Map<String, String> winners = new HashMap<>();
        outcomes.stream().filter(o -> o.command() instanceof CreateBatch && o.error() == null)
                .forEach(o -> winners.put(((CreateBatch) o.command()).ref(), ((CreateBatch) o.command()).sku()));
        // Read behind the adapter (and its product cache): what the tables hold.
        try (HikariDataSource pool = DataSources.pooled(settings())) {
            Jdbi.create(pool).useHandle(handle -> {
                handle.createQuery("""
                                SELECT b.reference, b.sku, b.purchased_quantity, b.allocated_quantity,
                                       (SELECT COALESCE(SUM(a.qty), 0) FROM allocations a WHERE a.batch_id = b.id) AS lines
                                FROM batches b WHERE b.reference LIKE :prefix""")
                        .bind("prefix", "MIX-" + run + "-%")
                        .map((rs, ctx) -> {
                            String reference = rs.getString("reference");
                            int allocated = rs.getInt("allocated_quantity");
                            assertThat(allocated).as(reference + ": allocated quantity against its lines").isEqualTo(rs.getInt("lines"));
                            assertThat(allocated).as(reference + ": allocated against the answers").isEqualTo(answeredPerBatch.getOrDefault(reference, 0));
                            assertThat(allocated).as(reference + " is never over-allocated").isLessThanOrEqualTo(rs.getInt("purchased_quantity"));
                            if (winners.containsKey(reference)) {
                                assertThat(rs.getString("sku")).as(reference + " belongs to the SKU that won it").isEqualTo(winners.remove(reference));
                            }
                            return reference;
                        })
                        .list();
            });
        }
        assertThat(winners).as("every batch that won its race is stored").isEmpty();
    }
}
