package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.commit.Changes.BatchChange;
import dev.allocation.adapters.persistence.commit.Changes.LineKey;
import dev.allocation.adapters.persistence.commit.Changes.NewLine;
import dev.allocation.adapters.persistence.commit.Changes.ProductChange;
import dev.allocation.adapters.persistence.messages.StoredOutbox.NewPublication;
import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.ProductRepository;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.model.BackorderList;
import dev.allocation.domain.model.Batch;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Products in the database. A product comes from the {@link ProductCache} or else is read with its
 * batches and their allocated totals in one query; the lines themselves are read only when the model
 * asks (see {@link AllocationRows}). A product is locked before it is read, and stays locked until
 * the unit of work ends (see {@link ProductLocks}).
 *
 * <p>Committing writes only what changed, behind the optimistic version check: the product and batch
 * rows from the model, the allocation rows from the events the product recorded (see {@link #changes}).
 */
public final class JdbiProductRepository extends ProductRepository {

    private final UnitOfWorkConnection connection;
    private final ProductLocks.Held locks;
    private final ProductCache cache;
    /** What each stored product was when this unit of work got it. */
    private final Map<String, StoredProduct> loaded = new HashMap<>();
    /** The waiting lines of each stored product, which keep what this unit of work changed in them. */
    private final Map<String, BackorderRows> backorders = new HashMap<>();

    JdbiProductRepository(UnitOfWorkConnection connection, ProductLocks.Held locks, ProductCache cache) {
        this.connection = connection;
        this.locks = locks;
        this.cache = cache;
    }

    @Override
    protected void added(Product product) {
        locks.lock(product.sku());
    }

    @Override
    protected Optional<Product> load(String sku) {
        locks.lock(sku); // before reading, so that what is read is what the commit builds on
        Optional<StoredProduct> stored = cache.get(sku);
        if (stored.isEmpty()) {
            stored = SqlErrors.translated(sku, () -> read(sku));
            stored.ifPresent(cache::put);
        }
        stored.ifPresent(product -> loaded.put(sku, product));
        return stored.map(this::restore);
    }

    private Product restore(StoredProduct stored) {
        AllocationRows lines = new AllocationRows(connection, stored.sku());
        List<Batch> batches = new ArrayList<>();
        for (StoredProduct.Row row : stored.batches()) {
            batches.add(Batch.restore(row.reference(), stored.sku(), row.purchasedQuantity(), row.eta(),
                    row.allocatedQuantity(), lines.linesOf(row.id())));
        }
        BackorderRows waiting = new BackorderRows(connection, stored.sku(), stored.backorderedLines(), stored.backorderedQty());
        backorders.put(stored.sku(), waiting);
        return Product.restore(stored.sku(), stored.version(), batches, waiting);
    }

    private Optional<StoredProduct> read(String sku) {
        List<StoredProduct.Row> rows = new ArrayList<>();
        Long[] version = {null};
        long[] waiting = new long[2];
        connection.handle().createQuery("""
                        SELECT p.version_number, p.backordered_lines, p.backordered_qty,
                               b.id, b.reference, b.purchased_quantity, b.allocated_quantity, b.eta
                        FROM products p LEFT JOIN batches b ON b.sku = p.sku
                        WHERE p.sku = :sku
                        ORDER BY b.id""")
                .bind("sku", sku)
                .map((rs, ctx) -> {
                    version[0] = rs.getLong("version_number");
                    waiting[0] = rs.getInt("backordered_lines");
                    waiting[1] = rs.getLong("backordered_qty");
                    String reference = rs.getString("reference");
                    if (reference != null) {
                        rows.add(new StoredProduct.Row(rs.getLong("id"), reference, rs.getInt("purchased_quantity"),
                                rs.getInt("allocated_quantity"), rs.getObject("eta", LocalDate.class)));
                    }
                    return reference;
                })
                .list();
        return version[0] == null ? Optional.empty()
                : Optional.of(new StoredProduct(sku, version[0], rows, (int) waiting[0], waiting[1]));
    }

    @Override
    protected Optional<String> storedSkuOfBatch(String reference) {
        return SqlErrors.translated(null, () -> connection.handle().createQuery("SELECT sku FROM batches WHERE reference = :reference")
                .bind("reference", reference)
                .mapTo(String.class)
                .findOne());
    }

    /**
     * What committing writes: every product that changed since it was read or added, the lines that
     * {@code events} (what those products recorded, oldest first) allocated and took back, and the
     * waiting lines added and removed (which {@link BackorderRows} kept). When
     * anything is written at all, the products that did not change are checked too, since the
     * decision was made on them: an answer such as "out of stock" stands only if the product is still
     * as it was read.
     */
    Changes changes(List<Event> events, List<Delivery> deliveries, List<NewPublication> publications,
                    List<Envelope<Event>> history) {
        List<ProductChange> changed = new ArrayList<>();
        List<ProductChange> unchanged = new ArrayList<>();
        for (Product product : seen()) {
            StoredProduct before = loaded.get(product.sku());
            ProductChange change = change(product, before);
            (before != null && before.version() == product.version() ? unchanged : changed).add(change);
        }
        Map<LineKey, Boolean> removed = new LinkedHashMap<>();
        Map<LineKey, Allocated> added = new LinkedHashMap<>();
        // The net change to each (order, SKU) line: a line allocated and taken back in one unit of work
        // writes nothing; one taken back and allocated again is deleted and inserted.
        for (Event event : events) {
            if (event instanceof Allocated allocated) {
                added.put(new LineKey(allocated.orderId(), allocated.sku()), allocated);
            } else if (event instanceof Deallocated taken) {
                takeBack(new LineKey(taken.orderId(), taken.sku()), added, removed);
            } else if (event instanceof LineReleased released && released.batchRef() != null) {
                takeBack(new LineKey(released.orderId(), released.sku()), added, removed);
            }
        }
        List<NewLine> newLines = added.values().stream()
                .map(line -> new NewLine(line.orderId(), line.sku(), line.qty(), line.batchRef()))
                .toList();
        List<LineKey> removedWaiting = new ArrayList<>();
        List<OrderLine> newWaiting = new ArrayList<>();
        for (Product product : seen()) {
            BackorderRows rows = backorders.get(product.sku());
            if (rows != null) {
                rows.removed().forEach(orderId -> removedWaiting.add(new LineKey(orderId, product.sku())));
                newWaiting.addAll(rows.added());
            } else if (product.backorders() instanceof BackorderList list) {
                newWaiting.addAll(list.all()); // a product new in this unit of work
            }
        }
        Changes changes = new Changes(changed, List.copyOf(removed.keySet()), newLines, removedWaiting, newWaiting,
                deliveries, publications, history, null);
        return changes.isEmpty() ? changes : changes.checking(unchanged);
    }

    private static void takeBack(LineKey key, Map<LineKey, Allocated> added, Map<LineKey, Boolean> removed) {
        if (added.remove(key) == null) {
            removed.put(key, true);
        }
    }

    private static ProductChange change(Product product, StoredProduct before) {
        Map<String, StoredProduct.Row> rows = new HashMap<>();
        if (before != null) {
            before.batches().forEach(row -> rows.put(row.reference(), row));
        }
        List<BatchChange> batches = new ArrayList<>();
        for (Batch batch : product.batches()) {
            StoredProduct.Row row = rows.get(batch.reference());
            boolean changed = row != null && (row.purchasedQuantity() != batch.purchasedQuantity()
                    || row.allocatedQuantity() != batch.allocatedQuantity());
            batches.add(new BatchChange(row == null ? null : row.id(), batch.reference(), batch.purchasedQuantity(),
                    batch.allocatedQuantity(), batch.eta().orElse(null), changed));
        }
        return new ProductChange(product.sku(), before == null ? null : before.version(), product.version(), batches,
                product.backorders().lines(), product.backorders().quantity());
    }

    /** After a commit of {@code changes}: the products as they now stand are what the next unit of work starts from. */
    void committed(Changes changes, ChangeWriter.Outcome outcome) {
        for (ProductChange product : changes.products()) {
            List<StoredProduct.Row> rows = new ArrayList<>();
            for (BatchChange batch : product.batches()) {
                long id = batch.id() != null ? batch.id() : outcome.newBatchIds().get(batch.reference());
                rows.add(new StoredProduct.Row(id, batch.reference(), batch.purchasedQuantity(), batch.allocatedQuantity(),
                        batch.eta()));
            }
            cache.put(new StoredProduct(product.sku(), product.version(), rows, product.backorderedLines(),
                    product.backorderedQty()));
        }
    }

    /** After a failed commit, or one whose outcome is unknown: the products are read again next time. */
    void forgetSeen() {
        seen().forEach(product -> cache.forget(product.sku()));
    }
}
