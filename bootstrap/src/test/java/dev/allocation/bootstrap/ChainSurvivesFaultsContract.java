package dev.allocation.bootstrap;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chain under faults, on the real service in child JVMs. Reallocation: 3,000 lines in batch A,
 * A shrinks to nothing, and the service is killed (or loses its connections) while the lines move to
 * batch B. Within 30 s of the service being back, every line is in B and no batch is over its quantity.
 * Backorders: 2,000 lines wait, a batch that fits them all arrives, and the service is killed while they
 * are being allocated; once it is back, every line is allocated exactly once.
 */
abstract class ChainSurvivesFaultsContract {

    static final int LINES = 3000;
    static final int WAITING = 2000;
    static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path logs;
    final String sku = "CHAIN-" + UUID.randomUUID();
    final String batchA = sku + "-A";
    final String batchB = sku + "-B";
    final String restock = sku + "-restock";

    /** The service's environment: its database. */
    protected abstract Map<String, String> environment();

    /** A JDBC connection to that database (on H2, only while no service has it open). */
    protected abstract Connection connect() throws SQLException;

    ServiceChild start() throws Exception {
        return ServiceChild.start(environment(), logs.resolve("service.log"));
    }

    void allocateEverythingToA(ServiceChild service) throws Exception {
        HttpClientForTests http = new HttpClientForTests(service.port());
        assertThat(http.addBatch(batchA, sku, LINES, null).status()).isEqualTo(201);
        assertThat(http.addBatch(batchB, sku, LINES, "2030-01-01").status()).isEqualTo(201);
        sendFromFourClients(LINES, i -> http.allocate(sku + "-o" + i, sku, 1).status(), 201);
    }

    /** Sends {@code count} requests from 4 clients, and checks that each answered {@code status}. */
    private static void sendFromFourClients(int count, IntFunction<Integer> send, int status) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int request = i;
                answers.add(pool.submit(() -> send.apply(request)));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(status);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Shrinks A to nothing without waiting for the answer, and returns once lines have started moving. */
    CompletableFuture<?> shrinkAAndAwaitTheChain(ServiceChild service) throws InterruptedException {
        HttpClientForTests http = new HttpClientForTests(service.port());
        CompletableFuture<?> answer = CompletableFuture.runAsync(() -> http.changeBatchQuantity(batchA, 0));
        String newest = sku + "-o" + (LINES - 1); // taken back first
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> inB(http, newest));
        assertThat(inB(http, newest)).as("the chain started").isTrue();
        String third = sku + "-o" + (LINES - 3); // and a few more have moved: the chain is under way
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> inB(http, third));
        return answer;
    }

    /** Waits until the oldest line (moved last) is in B, then checks every line over HTTP. */
    void awaitEveryLineInB(ServiceChild service) throws InterruptedException {
        HttpClientForTests http = new HttpClientForTests(service.port());
        try {
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> inB(http, sku + "-o0"));
        } catch (ConditionTimeoutException e) {
            // the check below names every line that did not arrive
        }
        List<String> notInB = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            if (!inB(http, sku + "-o" + i)) {
                notInB.add(sku + "-o" + i);
            }
        }
        assertThat(notInB).as("lines not in B within %s", WITHIN).isEmpty();
    }

    private boolean inB(HttpClientForTests http, String orderId) {
        HttpClientForTests.Response response = http.allocations(orderId);
        return response.status() == 200 && batchB.equals(response.json().path(0).path("batchref").asText());
    }

    /** WAITING lines of 1 wait for stock of the SKU, behind a batch of 1 that one line holds. */
    void backorderEverything(ServiceChild service) throws Exception {
        HttpClientForTests http = new HttpClientForTests(service.port());
        assertThat(http.addBatch(batchA, sku, 1, null).status()).isEqualTo(201);
        assertThat(http.allocate(sku + "-holder", sku, 1).status()).isEqualTo(201);
        sendFromFourClients(WAITING, i -> http.backorder(sku + "-w" + i, sku, 1).status(), 202);
    }

    /**
     * Adds a batch that fits every waiting line, and returns once half of them are allocated. Half, not
     * one: they are allocated a few hundred to a commit, and on H2 a commit is seen a moment before it is
     * durable; the next commit of the chain starts only once the one before it is, so seeing the second
     * means the first will survive the kill.
     */
    void restockAndAwaitTheFill(ServiceChild service) {
        HttpClientForTests http = new HttpClientForTests(service.port());
        CompletableFuture.runAsync(() -> http.addBatch(restock, sku, WAITING, null));
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(2)).until(() -> waiting(http) <= WAITING / 2);
    }

    private int waiting(HttpClientForTests http) {
        HttpClientForTests.Response product = http.product(sku);
        return product.status() == 200 ? product.json().path("backordered").path("lines").asInt() : WAITING;
    }

    /**
     * Waits until no line waits and the chain's last deliveries are done (the last fill's events are
     * still delivered once nothing waits), then checks over HTTP where a sample of the lines went.
     */
    void awaitNothingWaiting(ServiceChild service) {
        HttpClientForTests http = new HttpClientForTests(service.port());
        try {
            // From /metrics: the service's own database cannot be opened beside it on H2.
            // Longer than WITHIN: a delivery whose attempt failed after the restart waits out its
            // backoff, up to a minute, before the next.
            await().atMost(WITHIN.multipliedBy(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> waiting(http) == 0 && http.metric("allocation_deliveries{state=\"pending\"") == 0);
        } catch (ConditionTimeoutException e) {
            // the counts of assertEveryLineAllocatedOnce say what is missing
        }
        for (int i = 0; i < WAITING; i += 97) {
            assertThat(http.allocations(sku + "-w" + i).json().path(0).path("batchref").asText()).isEqualTo(restock);
        }
    }

    /** Every line allocated exactly once, none waiting, no delivery left, no batch over its quantity. */
    void assertEveryLineAllocatedOnce() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(count(connection, "SELECT COUNT(*) FROM allocations WHERE sku = ?", sku)).as("allocated lines")
                    .isEqualTo(WAITING + 1);
            assertThat(count(connection, "SELECT COUNT(DISTINCT orderid) FROM allocations WHERE sku = ?", sku)).isEqualTo(WAITING + 1);
            assertThat(count(connection, "SELECT COUNT(*) FROM backorders WHERE sku = ?", sku)).as("waiting").isZero();
            assertThat(count(connection, "SELECT backordered_lines FROM products WHERE sku = ?", sku)).isZero();
            assertThat(count(connection, "SELECT COUNT(*) FROM event_deliveries WHERE sku = ?", sku))
                    .as(() -> "deliveries left: " + deliveriesLeft(connection) + "\nthe service's log ends:\n" + logTail()).isZero();
        }
        assertThat(counts().anyBatchOverItsQuantity()).isFalse();
    }

    private String deliveriesLeft(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT handler, attempts, dead, next_attempt_at, last_error FROM event_deliveries WHERE sku = ?")) {
            statement.setString(1, sku);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ", " + rs.getInt(2) + " attempts, dead " + rs.getBoolean(3) + ", next "
                            + rs.getString(4) + ", last error " + rs.getString(5));
                }
            }
            return rows.toString();
        } catch (SQLException e) {
            return "(not read: " + e.getMessage() + ")";
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logs.resolve("service.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** How many lines wait, as stored. */
    int storedWaiting() throws SQLException {
        try (Connection connection = connect()) {
            return count(connection, "SELECT COUNT(*) FROM backorders WHERE sku = ?", sku);
        }
    }

    /** What the database holds for the SKU. */
    record Counts(int linesInA, int linesInB, int pendingDeliveries, boolean anyBatchOverItsQuantity) {
    }

    Counts counts() throws SQLException {
        try (Connection connection = connect()) {
            int inA = count(connection, "SELECT COUNT(*) FROM allocations a JOIN batches b ON b.id = a.batch_id WHERE b.reference = ?", batchA);
            int inB = count(connection, "SELECT COUNT(*) FROM allocations a JOIN batches b ON b.id = a.batch_id WHERE b.reference = ?", batchB);
            int pending = count(connection, "SELECT COUNT(*) FROM event_deliveries WHERE sku = ? AND dead = FALSE", sku);
            int over = count(connection, """
                    SELECT COUNT(*) FROM batches b WHERE b.sku = ?
                      AND (b.allocated_quantity > b.purchased_quantity
                           OR b.allocated_quantity <> (SELECT COALESCE(SUM(a.qty), 0) FROM allocations a WHERE a.batch_id = b.id))""", sku);
            return new Counts(inA, inB, pending, over > 0);
        }
    }

    private static int count(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void killedMidChainTheRestartedServiceFinishesIt() throws Exception {
        try (ServiceChild first = start()) {
            allocateEverythingToA(first);
            shrinkAAndAwaitTheChain(first);
            first.kill();
        }
        Counts atTheKill = counts();
        assertThat(atTheKill.linesInB()).as("killed mid-chain").isBetween(1, LINES - 1);
        assertThat(atTheKill.linesInA()).as("A shrank to nothing in one commit").isZero();
        assertThat(atTheKill.pendingDeliveries()).as("the rest of the chain is stored").isEqualTo(LINES - atTheKill.linesInB());

        try (ServiceChild restarted = start()) {
            awaitEveryLineInB(restarted);
        }
        Counts after = counts();
        assertThat(after).isEqualTo(new Counts(0, LINES, 0, false));
    }

    @Test
    void killedWhileBackordersAreFilledTheRestartedServiceAllocatesEachOnce() throws Exception {
        try (ServiceChild first = start()) {
            backorderEverything(first);
            restockAndAwaitTheFill(first);
            first.kill();
        }
        assertThat(storedWaiting()).as("killed mid-fill").isBetween(1, WAITING - 1);

        try (ServiceChild restarted = start()) {
            awaitNothingWaiting(restarted);
        }
        assertEveryLineAllocatedOnce();
    }
}
