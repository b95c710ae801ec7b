package dev.allocation.adapters.persistence;

import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.ProductRepository;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.model.Batch;
import dev.allocation.domain.model.DuplicateBatch;
import dev.allocation.domain.model.Product;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Products in the database. A product is read with its batches and their allocated totals in one
 * query; the lines themselves are read only when the model asks (see {@link AllocationRows}). Saving
 * writes only what changed, behind an optimistic version check: the product and batch rows from the
 * model, the allocation rows from the events the product recorded.
 */
final class JdbiProductRepository extends ProductRepository {

    private final Supplier<Handle> handle;
    private final ProductLocks.Held locks;
    /** The version and batch rows each stored product was read with. */
    private final Map<String, Loaded> loaded = new HashMap<>();

    private record Loaded(long version, Map<String, BatchRow> batches) {
    }

    private record BatchRow(long id, int purchasedQuantity, int allocatedQuantity) {
    }

    JdbiProductRepository(Supplier<Handle> handle, ProductLocks.Held locks) {
        this.handle = handle;
        this.locks = locks;
    }

    @Override
    protected void added(Product product) {
        locks.lock(product.sku());
    }

    @Override
    protected Optional<Product> load(String sku) {
        locks.lock(sku); // before reading, so that what is read is what the commit builds on
        return SqlConflicts.translated(sku, () -> read(sku));
    }

    private Optional<Product> read(String sku) {
        Handle h = handle.get();
        AllocationRows lines = new AllocationRows(h, sku);
        Map<String, BatchRow> rows = new HashMap<>();
        List<Batch> batches = new ArrayList<>();
        Long[] version = {null};
        h.createQuery("""
                        SELECT p.version_number, b.id, b.reference, b.purchased_quantity, b.allocated_quantity, b.eta
                        FROM products p LEFT JOIN batches b ON b.sku = p.sku
                        WHERE p.sku = :sku
                        ORDER BY b.id""")
                .bind("sku", sku)
                .map((rs, ctx) -> {
                    version[0] = rs.getLong("version_number");
                    String reference = rs.getString("reference");
                    if (reference != null) {
                        long id = rs.getLong("id");
                        int purchased = rs.getInt("purchased_quantity");
                        int allocated = rs.getInt("allocated_quantity");
                        LocalDate eta = rs.getObject("eta", LocalDate.class);
                        rows.put(reference, new BatchRow(id, purchased, allocated));
                        batches.add(Batch.restore(reference, sku, purchased, eta, allocated, lines.linesOf(id)));
                    }
                    return reference;
                })
                .list();
        if (version[0] == null) {
            return Optional.empty();
        }
        loaded.put(sku, new Loaded(version[0], rows));
        return Optional.of(Product.restore(sku, version[0], batches));
    }

    @Override
    protected Optional<String> storedSkuOfBatch(String reference) {
        return SqlConflicts.translated(null, () -> handle.get().createQuery("SELECT sku FROM batches WHERE reference = :reference")
                .bind("reference", reference)
                .mapTo(String.class)
                .findOne());
    }

    /**
     * Writes every product that changed since it was read or added, and the lines that {@code events}
     * (what those products recorded, oldest first) allocated and took back.
     */
    void save(List<Event> events) {
        Map<String, Map<String, Long>> batchIds = new HashMap<>();
        for (Product product : seen()) {
            Loaded before = loaded.get(product.sku());
            if (before != null && before.version() == product.version()) {
                continue;
            }
            try {
                batchIds.put(product.sku(), save(product, before));
            } catch (RuntimeException e) {
                if (SqlConflicts.isConflict(e)) {
                    throw new ConcurrencyConflict(product.sku(),
                            "Product " + product.sku() + " was changed by another transaction", e);
                }
                throw e;
            }
        }
        saveLines(events, batchIds);
    }

    /** @return the id of each of the product's batches, by reference */
    private Map<String, Long> save(Product product, Loaded before) {
        Handle h = handle.get();
        if (before == null) {
            h.createUpdate("INSERT INTO products (sku, version_number) VALUES (:sku, :version)")
                    .bind("sku", product.sku())
                    .bind("version", product.version())
                    .execute();
        } else {
            int updated = h.createUpdate("""
                            UPDATE products SET version_number = :version
                            WHERE sku = :sku AND version_number = :expected""")
                    .bind("version", product.version())
                    .bind("sku", product.sku())
                    .bind("expected", before.version())
                    .execute();
            if (updated == 0) {
                throw new ConcurrencyConflict(product.sku(), "Product " + product.sku()
                        + " changed after it was read at version " + before.version());
            }
        }
        Map<String, BatchRow> rows = before == null ? Map.of() : before.batches();
        Map<String, Long> ids = new HashMap<>();
        for (Batch batch : product.batches()) {
            BatchRow row = rows.get(batch.reference());
            if (row == null) {
                ids.put(batch.reference(), insert(h, batch));
                continue;
            }
            ids.put(batch.reference(), row.id());
            if (row.purchasedQuantity() != batch.purchasedQuantity() || row.allocatedQuantity() != batch.allocatedQuantity()) {
                h.createUpdate("""
                                UPDATE batches SET purchased_quantity = :purchased, allocated_quantity = :allocated
                                WHERE id = :id""")
                        .bind("purchased", batch.purchasedQuantity())
                        .bind("allocated", batch.allocatedQuantity())
                        .bind("id", row.id())
                        .execute();
            }
        }
        return ids;
    }

    /**
     * The net change to each (order, SKU) line: a line allocated and taken back in one unit of work
     * writes nothing; one taken back and allocated again is deleted and inserted.
     */
    private void saveLines(List<Event> events, Map<String, Map<String, Long>> batchIds) {
        Map<List<String>, Boolean> deleted = new LinkedHashMap<>();
        Map<List<String>, Allocated> inserted = new LinkedHashMap<>();
        for (Event event : events) {
            if (event instanceof Allocated allocated) {
                inserted.put(List.of(allocated.orderId(), allocated.sku()), allocated);
            } else if (event instanceof Deallocated taken) {
                List<String> key = List.of(taken.orderId(), taken.sku());
                if (inserted.remove(key) == null) {
                    deleted.put(key, true);
                }
            }
        }
        Handle h = handle.get();
        if (!deleted.isEmpty()) {
            PreparedBatch delete = h.prepareBatch("DELETE FROM allocations WHERE orderid = :orderId AND sku = :sku");
            deleted.keySet().forEach(key -> delete.bind("orderId", key.get(0)).bind("sku", key.get(1)).add());
            delete.execute();
        }
        if (!inserted.isEmpty()) {
            PreparedBatch insert = h.prepareBatch(
                    "INSERT INTO allocations (orderid, sku, qty, batch_id) VALUES (:orderId, :sku, :qty, :batchId)");
            for (Allocated line : inserted.values()) {
                insert.bind("orderId", line.orderId()).bind("sku", line.sku()).bind("qty", line.qty())
                        .bind("batchId", batchIds.get(line.sku()).get(line.batchRef())).add();
            }
            insert.execute();
        }
    }

    /**
     * The product's row was written first, so a reference that is taken here belongs to a batch of
     * another SKU that is committed (PostgreSQL waits for the other transaction; H2 reports one still
     * in flight as a conflict). That is the client's 409, not a conflict to retry.
     */
    private static long insert(Handle h, Batch batch) {
        try {
            return insertRow(h, batch);
        } catch (RuntimeException e) {
            if (SqlConflicts.isUniqueViolation(e)) {
                throw new DuplicateBatch(batch.reference());
            }
            throw e;
        }
    }

    private static long insertRow(Handle h, Batch batch) {
        LocalDate eta = batch.eta().orElse(null);
        return h.createUpdate("""
                        INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity, eta)
                        VALUES (:reference, :sku, :purchased, :allocated, :eta)""")
                .bind("reference", batch.reference())
                .bind("sku", batch.sku())
                .bind("purchased", batch.purchasedQuantity())
                .bind("allocated", batch.allocatedQuantity())
                .bind("eta", eta)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }
}
