package dev.allocation.adapters.persistence;

import dev.allocation.application.port.ConcurrencyConflict;
import dev.allocation.application.port.ProductRepository;
import dev.allocation.domain.model.Batch;
import dev.allocation.domain.model.InMemoryAllocatedLines;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Products in the database. A product is read with its batches and their allocated totals in one
 * query; the lines themselves are read only when the model asks (see {@link StoredLines}). Saving
 * writes only what changed, behind an optimistic version check.
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
        Handle h = handle.get();
        StoredOrderLines lines = new StoredOrderLines(h, sku);
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
                        batches.add(Batch.restore(reference, sku, purchased, eta, allocated, new StoredLines(id, lines)));
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
    protected Optional<String> skuOfBatch(String reference) {
        return handle.get().createQuery("SELECT sku FROM batches WHERE reference = :reference")
                .bind("reference", reference)
                .mapTo(String.class)
                .findOne();
    }

    /** Writes every product that changed since it was read or added. */
    void save() {
        for (Product product : seen()) {
            Loaded before = loaded.get(product.sku());
            if (before != null && before.version() == product.version()) {
                continue;
            }
            try {
                save(product, before);
            } catch (RuntimeException e) {
                if (SqlConflicts.isConflict(e)) {
                    throw new ConcurrencyConflict(product.sku(),
                            "Product " + product.sku() + " was changed by another transaction", e);
                }
                throw e;
            }
        }
    }

    private void save(Product product, Loaded before) {
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

        // Lines taken back go first, so that one put back in the same unit of work can be inserted again.
        for (Batch batch : product.batches()) {
            if (batch.lines() instanceof StoredLines stored && !stored.removedIds().isEmpty()) {
                PreparedBatch delete = h.prepareBatch("DELETE FROM allocations WHERE id = :id");
                stored.removedIds().forEach(id -> delete.bind("id", id).add());
                delete.execute();
            }
        }
        PreparedBatch insertLines = h.prepareBatch(
                "INSERT INTO allocations (orderid, sku, qty, batch_id) VALUES (:orderId, :sku, :qty, :batchId)");
        for (Batch batch : product.batches()) {
            BatchRow row = rows.get(batch.reference());
            long batchId;
            List<OrderLine> newLines;
            if (row == null) {
                batchId = insert(h, batch);
                newLines = ((InMemoryAllocatedLines) batch.lines()).lines();
            } else {
                batchId = row.id();
                if (row.purchasedQuantity() != batch.purchasedQuantity()
                        || row.allocatedQuantity() != batch.allocatedQuantity()) {
                    h.createUpdate("""
                                    UPDATE batches SET purchased_quantity = :purchased, allocated_quantity = :allocated
                                    WHERE id = :id""")
                            .bind("purchased", batch.purchasedQuantity())
                            .bind("allocated", batch.allocatedQuantity())
                            .bind("id", batchId)
                            .execute();
                }
                newLines = ((StoredLines) batch.lines()).added();
            }
            for (OrderLine line : newLines) {
                insertLines.bind("orderId", line.orderId()).bind("sku", line.sku()).bind("qty", line.qty())
                        .bind("batchId", batchId).add();
            }
        }
        if (insertLines.size() > 0) {
            insertLines.execute();
        }
    }

    private static long insert(Handle h, Batch batch) {
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
