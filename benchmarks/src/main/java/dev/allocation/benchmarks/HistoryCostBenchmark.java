package dev.allocation.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocation.adapters.persistence.DataSources;
import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.adapters.persistence.JdbiDatabase;
import dev.allocation.adapters.persistence.SchemaMigration;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.DeliveryPolicy;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.messagebus.RetryPolicy;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.CreateBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One allocation through the message bus and the JDBI unit of work, on H2 in durable file mode, after
 * {@code history} earlier allocations on the same SKU. The cost must not grow with the history.
 *
 * <p>The history is written with plain SQL (the rows the adapter itself would write) because
 * 100,000 allocations through the bus would make the set-up the longest part of the run. Each
 * iteration starts from exactly {@code history} lines: the lines the previous one added are removed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class HistoryCostBenchmark {

    private static final String SKU = "HISTORY-SKU";
    private static final String BATCH = "history-batch";

    @Param({"0", "10000", "100000"})
    public int history;

    private Path folder;
    private HikariDataSource dataSource;
    private MessageBus bus;
    private long next;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        folder = Files.createTempDirectory("allocation-history-");
        DatabaseSettings settings = new DatabaseSettings("jdbc:h2:file:" + folder.resolve("allocation").toAbsolutePath(), "sa", "", 4);
        dataSource = DataSources.pooled(settings);
        SchemaMigration.migrate(dataSource);
        JdbiDatabase database = new JdbiDatabase(dataSource, settings);
        MessageRoutes handlers = new Handlers(sku -> { }).registry();
        bus = new MessageBus(database.unitsOfWork(handlers), handlers, database.deliveries(),
                RetryPolicy.DEFAULT, DeliveryPolicy.DEFAULT, Clock.systemUTC());
        bus.handle(new CreateBatch(BATCH, SKU, 1_000_000_000, null));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO allocations (orderid, sku, qty, batch_id)
                    SELECT ?, ?, 1, id FROM batches WHERE reference = ?""")) {
                for (int i = 0; i < history; i++) {
                    insert.setString(1, "history-" + i);
                    insert.setString(2, SKU);
                    insert.setString(3, BATCH);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    @Setup(Level.Iteration)
    public void resetToHistory() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM allocations WHERE orderid LIKE 'run-%'");
                 PreparedStatement total = connection.prepareStatement(
                         "UPDATE batches SET allocated_quantity = ? WHERE reference = ?")) {
                delete.executeUpdate();
                total.setInt(1, history);
                total.setString(2, BATCH);
                total.executeUpdate();
            }
            connection.commit();
        }
    }

    @Benchmark
    public Object allocate() {
        return bus.handle(new Allocate("run-" + next++, SKU, 1));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        dataSource.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
