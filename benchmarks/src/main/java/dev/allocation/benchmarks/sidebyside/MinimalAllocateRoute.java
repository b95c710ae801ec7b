package dev.allocation.benchmarks.sidebyside;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The allocate path at its smallest, to measure the service against: one Javalin route that does an
 * allocation's reads and writes in one JDBI transaction, with a version check and retries on
 * conflict, and nothing else (no bus, no aggregate, no validation, no events, no logging per
 * request). Its requests per second are what one database commit per request allows on a machine;
 * {@code benchmarks/sidebyside.py} runs it and the service in turns.
 *
 * <pre>
 * java [-Dport=7070] [-Dpool=8] [-Ddb.url=...] -cp benchmarks/target/benchmarks.jar \
 *     dev.allocation.benchmarks.sidebyside.MinimalAllocateRoute echo|h2|h2-sync|pg
 * java [-Ddb.url=...] -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.sidebyside.MinimalAllocateRoute seed h2|h2-sync|pg
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.sidebyside.MinimalAllocateRoute crash-writer JDBC_URL ACK_DIR [PAUSE_MICROS]
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.sidebyside.MinimalAllocateRoute crash-check JDBC_URL ACK_DIR
 * </pre>
 *
 * <ul>
 *   <li>{@code echo}: the route answers without a database (HTTP and JSON alone);</li>
 *   <li>{@code h2}: {@code jdbc:h2:file:./db/alloc}; {@code h2-sync}: the same with {@code WRITE_DELAY=0},
 *       so that H2 writes at each commit rather than in its background writer (its writes are not
 *       synced to the disk);</li>
 *   <li>{@code pg}: PostgreSQL as user {@code postgres}, at {@code -Ddb.url} (default
 *       {@code jdbc:postgresql://127.0.0.1:55440/postgres});</li>
 *   <li>{@code seed}: creates the tables and 200 SKUs ({@code SKU-000} to {@code SKU-199}) with three
 *       batches of 1,000,000 each and 100 earlier allocations each;</li>
 *   <li>{@code crash-writer} and {@code crash-check}: 8 threads commit rows and record each id once its
 *       commit returned; after a {@code kill -9} of the writer, the check counts the recorded ids
 *       missing from the database.</li>
 * </ul>
 *
 * <p>H2 here is the version the service runs on, the one on this jar's class path.
 */
public final class MinimalAllocateRoute {

    private MinimalAllocateRoute() {
    }

    record AllocateRequest(String orderid, String sku, int qty) {}

    record BatchRef(String batchref) {}

    record BatchRow(String reference, int available) {}

    static final class Retry extends RuntimeException {
        Retry(String m) { super(m, null, false, false); }
    }

    static final class OutOfStock extends RuntimeException {
        OutOfStock(String m) { super(m, null, false, false); }
    }

    static final AtomicLong RETRIES = new AtomicLong();
    static final AtomicLong FAILED = new AtomicLong();
    static final AtomicLong OK = new AtomicLong();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "echo", "h2", "h2-sync", "pg" -> serve(args[0]);
            case "seed" -> {
                try (HikariDataSource ds = dataSource(args[1], 1)) {
                    long t0 = System.nanoTime();
                    seed(Jdbi.create(ds));
                    System.out.printf("seeded %s in %d ms%n", args[1], (System.nanoTime() - t0) / 1_000_000);
                }
            }
            case "crash-writer" -> crashWriter(args[1], Path.of(args[2]), args.length > 3 ? Long.parseLong(args[3]) * 1000 : 0);
            case "crash-check" -> crashCheck(args[1], Path.of(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static String url(String mode) {
        String u = System.getProperty("db.url");
        if (u != null) return u;
        return switch (mode) {
            case "h2" -> "jdbc:h2:file:./db/alloc";
            case "h2-sync" -> "jdbc:h2:file:./db/alloc;WRITE_DELAY=0";
            case "pg" -> "jdbc:postgresql://127.0.0.1:55440/postgres";
            default -> throw new IllegalArgumentException(mode);
        };
    }

    static HikariDataSource dataSource(String mode, int pool) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url(mode));
        hc.setUsername(mode.equals("pg") ? "postgres" : "sa");
        hc.setPassword("");
        hc.setMaximumPoolSize(pool);
        hc.setMinimumIdle(pool);
        hc.setPoolName("minimal-route");
        return new HikariDataSource(hc);
    }

    static void serve(String mode) {
        int port = Integer.getInteger("port", 7070);
        int pool = Integer.getInteger("pool", 8);
        ObjectMapper mapper = new ObjectMapper();
        final Jdbi jdbi;
        if (mode.equals("echo")) {
            jdbi = null;
        } else {
            HikariDataSource ds = dataSource(mode, pool);
            jdbi = Jdbi.create(ds);
            jdbi.useHandle(h -> {
                if (mode.equals("pg")) {
                    System.out.printf("pg fsync=%s synchronous_commit=%s%n",
                            h.createQuery("SHOW fsync").mapTo(String.class).one(),
                            h.createQuery("SHOW synchronous_commit").mapTo(String.class).one());
                } else {
                    System.out.printf("h2 WRITE_DELAY=%s%n", h.createQuery(
                            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME='WRITE_DELAY'")
                            .mapTo(String.class).list());
                }
            });
        }
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.routes.post("/allocate", ctx -> {
                AllocateRequest r = ctx.bodyAsClass(AllocateRequest.class);
                String ref = jdbi == null ? "x" : allocate(jdbi, r);
                ctx.status(201).json(new BatchRef(ref));
            });
            cfg.routes.get("/stats", ctx -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("ok", OK.get());
                m.put("retries", RETRIES.get());
                m.put("failed", FAILED.get());
                if (jdbi != null) {
                    jdbi.useHandle(h -> {
                        m.put("allocations", h.createQuery("SELECT COUNT(*) FROM allocations").mapTo(Long.class).one());
                        m.put("sum_qty", h.createQuery("SELECT COALESCE(SUM(qty),0) FROM allocations").mapTo(Long.class).one());
                        m.put("sum_allocated", h.createQuery("SELECT SUM(allocated) FROM batches").mapTo(Long.class).one());
                        m.put("sum_versions", h.createQuery("SELECT SUM(version_number) FROM products").mapTo(Long.class).one());
                    });
                }
                ctx.json(m);
            });
            cfg.routes.exception(JacksonException.class, (e, ctx) -> ctx.status(400).json(Map.of("message", "bad json")));
            cfg.routes.exception(OutOfStock.class, (e, ctx) -> ctx.status(400).json(Map.of("message", e.getMessage())));
            cfg.routes.exception(Retry.class, (e, ctx) -> ctx.status(409).json(Map.of("message", e.getMessage())));
        }).start("127.0.0.1", port);
        System.out.printf("listening mode=%s port=%d pool=%d%n", mode, app.port(), pool);
    }

    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Retry) return true;
            if (t instanceof SQLException s) {
                String st = s.getSQLState();
                // 40001 serialization/deadlock (PG + H2), 40P01 PG deadlock, HYT00 H2 lock timeout,
                // 90131 H2 concurrent update
                if ("40001".equals(st) || "40P01".equals(st) || "HYT00".equals(st) || "90131".equals(st)
                        || s.getErrorCode() == 90131) return true;
            }
        }
        return false;
    }

    static String allocate(Jdbi jdbi, AllocateRequest r) {
        for (int attempt = 0; ; attempt++) {
            try {
                String ref = jdbi.inTransaction(h -> allocateTx(h, r));
                OK.incrementAndGet();
                return ref;
            } catch (RuntimeException e) {
                if (retryable(e) && attempt < 10) {
                    RETRIES.incrementAndGet();
                    continue;
                }
                FAILED.incrementAndGet();
                if (retryable(e)) throw new Retry("gave up: " + e);
                throw e;
            }
        }
    }

    static String allocateTx(Handle h, AllocateRequest r) {
        Integer version = h.createQuery("SELECT version_number FROM products WHERE sku = ?")
                .bind(0, r.sku()).mapTo(Integer.class).findOne().orElseThrow(() -> new OutOfStock("invalid sku " + r.sku()));
        List<BatchRow> batches = h.createQuery(
                        "SELECT b.reference, b.purchased_quantity - COALESCE(b.allocated, 0) AS available FROM batches b "
                                + "WHERE b.sku = ? ORDER BY b.eta NULLS FIRST, b.reference")
                .bind(0, r.sku()).map((rs, ctx) -> new BatchRow(rs.getString(1), rs.getInt(2))).list();
        boolean dup = h.createQuery("SELECT 1 FROM allocations WHERE orderid = ? AND sku = ?")
                .bind(0, r.orderid()).bind(1, r.sku()).mapTo(Integer.class).findOne().isPresent();
        BatchRow chosen = null;
        for (BatchRow b : batches) {
            if (b.available() >= r.qty()) { chosen = b; break; }
        }
        if (chosen == null) throw new OutOfStock("out of stock " + r.sku());
        if (dup) return chosen.reference();
        h.execute("INSERT INTO allocations(orderid, sku, qty, batchref) VALUES (?, ?, ?, ?)",
                r.orderid(), r.sku(), r.qty(), chosen.reference());
        h.execute("UPDATE batches SET allocated = allocated + ? WHERE reference = ?", r.qty(), chosen.reference());
        int n = h.execute("UPDATE products SET version_number = version_number + 1 WHERE sku = ? AND version_number = ?",
                r.sku(), version);
        if (n != 1) throw new Retry("version conflict " + r.sku());
        return chosen.reference();
    }

    static void seed(Jdbi jdbi) throws Exception {
        jdbi.useTransaction(h -> {
            h.execute("DROP TABLE IF EXISTS allocations");
            h.execute("DROP TABLE IF EXISTS batches");
            h.execute("DROP TABLE IF EXISTS products");
            h.execute("CREATE TABLE products (sku VARCHAR(255) PRIMARY KEY, version_number INTEGER NOT NULL DEFAULT 0)");
            h.execute("CREATE TABLE batches (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "reference VARCHAR(255) NOT NULL UNIQUE, sku VARCHAR(255) NOT NULL REFERENCES products(sku), "
                    + "purchased_quantity INTEGER NOT NULL, allocated INTEGER NOT NULL DEFAULT 0, eta DATE)");
            h.execute("CREATE INDEX batches_sku ON batches(sku)");
            h.execute("CREATE TABLE allocations (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "orderid VARCHAR(255) NOT NULL, sku VARCHAR(255) NOT NULL, qty INTEGER NOT NULL, "
                    + "batchref VARCHAR(255) NOT NULL)");
            h.execute("CREATE INDEX allocations_order_sku ON allocations(orderid, sku)");
            var p = h.prepareBatch("INSERT INTO products(sku, version_number) VALUES (?, 0)");
            var b = h.prepareBatch("INSERT INTO batches(reference, sku, purchased_quantity, allocated, eta) VALUES (?, ?, ?, 0, ?)");
            LocalDate today = LocalDate.now();
            for (int i = 0; i < 200; i++) {
                String sku = String.format("SKU-%03d", i);
                p.bind(0, sku).add();
                b.bind(0, sku + "-in-stock").bind(1, sku).bind(2, 1_000_000).bindNull(3, java.sql.Types.DATE).add();
                b.bind(0, sku + "-ship-1").bind(1, sku).bind(2, 1_000_000).bind(3, today.plusDays(3)).add();
                b.bind(0, sku + "-ship-2").bind(1, sku).bind(2, 1_000_000).bind(3, today.plusDays(10)).add();
            }
            p.execute();
            b.execute();
            // history: 100 earlier allocations per SKU (20,000 rows), so that planner statistics
            // describe a non-empty allocations table (see ANALYZE below)
            var a = h.prepareBatch("INSERT INTO allocations(orderid, sku, qty, batchref) VALUES (?, ?, 1, ?)");
            for (int i = 0; i < 200; i++) {
                String sku = String.format("SKU-%03d", i);
                for (int j = 0; j < 100; j++) a.bind(0, "hist-" + i + "-" + j).bind(1, sku).bind(2, sku + "-in-stock").add();
            }
            a.execute();
            h.execute("UPDATE batches SET allocated = 100 WHERE reference LIKE '%-in-stock'");
        });
        jdbi.useHandle(h -> {
            h.execute("ANALYZE");
            if (h.getConnection().getMetaData().getURL().startsWith("jdbc:h2")) h.execute("CHECKPOINT SYNC");
        });
    }

    // ---- durability test -------------------------------------------------------------------

    static void crashWriter(String url, Path ackDir, long pauseNanos) throws Exception {
        Files.createDirectories(ackDir);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, payload VARCHAR(100))");
                s.execute("CHECKPOINT SYNC");
            }
        }
        int threads = 8;
        AtomicLong acked = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            final int tid = t;
            Thread th = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "sa", "");
                     FileChannel ack = FileChannel.open(ackDir.resolve("ack-" + tid), StandardOpenOption.CREATE,
                             StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                     PreparedStatement ps = c.prepareStatement("INSERT INTO t(id, payload) VALUES (?, ?)")) {
                    c.setAutoCommit(false);
                    ByteBuffer buf = ByteBuffer.allocate(8);
                    for (long i = 0; ; i++) {
                        long id = tid * 1_000_000_000L + i;
                        ps.setLong(1, id);
                        ps.setString(2, "payload-" + id);
                        ps.executeUpdate();
                        c.commit();
                        // acknowledged: write the id with a plain write(2); it reaches the page cache,
                        // so it survives kill -9 of this JVM
                        buf.clear();
                        buf.putLong(id).flip();
                        while (buf.hasRemaining()) ack.write(buf);
                        acked.incrementAndGet();
                        if (pauseNanos > 0) java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                    }
                } catch (SQLException | IOException e) {
                    e.printStackTrace();
                }
            });
            th.setDaemon(false);
            th.start();
        }
        long start = System.nanoTime();
        while (true) {
            Thread.sleep(500);
            System.out.printf("acked=%d after %.1fs%n", acked.get(), (System.nanoTime() - start) / 1e9);
        }
    }

    static void crashCheck(String url, Path ackDir) throws Exception {
        Set<Long> acked = new HashSet<>();
        try (var files = Files.list(ackDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                byte[] bytes = Files.readAllBytes(p);
                ByteBuffer bb = ByteBuffer.wrap(bytes);
                while (bb.remaining() >= 8) acked.add(bb.getLong());
            }
        }
        Set<Long> present = new HashSet<>();
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM t")) {
            while (rs.next()) present.add(rs.getLong(1));
        }
        long openMs = (System.nanoTime() - t0) / 1_000_000;
        long missing = acked.stream().filter(id -> !present.contains(id)).count();
        long extra = present.stream().filter(id -> !acked.contains(id)).count();
        System.out.printf("RESULT acked=%d present=%d missing_acked=%d present_not_acked=%d reopen_ms=%d%n",
                acked.size(), present.size(), missing, extra, openMs);
    }
}
