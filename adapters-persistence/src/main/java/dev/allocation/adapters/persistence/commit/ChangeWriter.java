package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.commit.Changes.BatchChange;
import dev.allocation.adapters.persistence.commit.Changes.LineKey;
import dev.allocation.adapters.persistence.commit.Changes.NewLine;
import dev.allocation.adapters.persistence.commit.Changes.ProductChange;
import dev.allocation.adapters.persistence.messages.EventJson;
import dev.allocation.adapters.persistence.messages.StoredDeliveries;
import dev.allocation.adapters.persistence.messages.StoredHistory;
import dev.allocation.adapters.persistence.messages.StoredOutbox;
import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.model.DuplicateBatch;
import dev.allocation.domain.model.OrderLine;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the changes of one or more units of work in the transaction of a handle, each kind of row
 * in one JDBC batch, so that a group of N costs about what one costs. Nothing is committed here.
 *
 * <p>Product rows go first, in SKU order, behind the optimistic version check: a unit of work whose
 * check fails is left out of everything after it, and the others go on. Writing every group's
 * products in one order means two groups (of two processes on PostgreSQL) never wait for each other
 * in a circle.
 */
public final class ChangeWriter {

    private ChangeWriter() {
    }

    /** What came of one unit of work's changes. */
    static final class Outcome {

        private String conflict;
        private final Map<String, Long> newBatchIds = new HashMap<>();

        /** The SKU whose version check failed, or null when everything was written. */
        String conflict() {
            return conflict;
        }

        /**
         * @return this outcome, once every product's version check held
         * @throws ConcurrencyConflict when one failed: another transaction changed the product first
         */
        Outcome orConflict() {
            if (conflict != null) {
                throw new ConcurrencyConflict(conflict, "Product " + conflict + " changed after it was read");
            }
            return this;
        }

        /** The ids of the batches it inserted, by reference. */
        Map<String, Long> newBatchIds() {
            return newBatchIds;
        }
    }

    private record Row(int member, ProductChange product) {
    }

    /** @return one outcome per element of {@code members}, in their order */
    static List<Outcome> write(Handle handle, List<Changes> members) {
        List<Outcome> outcomes = new ArrayList<>();
        members.forEach(member -> outcomes.add(new Outcome()));
        writeProducts(handle, members, outcomes);
        writeBatches(handle, members, outcomes);
        writeLines(handle, members, outcomes);
        List<Delivery> deliveries = new ArrayList<>();
        List<StoredOutbox.NewPublication> publications = new ArrayList<>();
        List<Envelope<Event>> history = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (outcomes.get(i).conflict == null) {
                deliveries.addAll(members.get(i).deliveries());
                publications.addAll(members.get(i).publications());
                history.addAll(members.get(i).history());
            }
        }
        EventJson.Payloads payloads = new EventJson.Payloads();
        StoredDeliveries.insert(handle, deliveries, payloads);
        StoredOutbox.insert(handle, publications, payloads);
        StoredHistory.insert(handle, history, payloads);
        return outcomes;
    }

    private static void writeProducts(Handle handle, List<Changes> members, List<Outcome> outcomes) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            for (ProductChange product : members.get(i).products()) {
                rows.add(new Row(i, product));
            }
        }
        rows.sort(Comparator.comparing(row -> row.product().sku()));
        List<Row> checked = new ArrayList<>();
        PreparedBatch update = handle.prepareBatch("""
                UPDATE products SET version_number = :version, backordered_lines = :lines, backordered_qty = :qty
                WHERE sku = :sku AND version_number = :expected""");
        for (Row row : rows) {
            ProductChange product = row.product();
            if (product.isNew()) {
                // A product inserted meanwhile by another transaction is a unique violation: a conflict to retry.
                handle.createUpdate("""
                                INSERT INTO products (sku, version_number, backordered_lines, backordered_qty)
                                VALUES (:sku, :version, :lines, :qty)""")
                        .bind("sku", product.sku())
                        .bind("version", product.version())
                        .bind("lines", product.backorderedLines())
                        .bind("qty", product.backorderedQty())
                        .execute();
            } else {
                update.bind("version", product.version()).bind("sku", product.sku())
                        .bind("lines", product.backorderedLines()).bind("qty", product.backorderedQty())
                        .bind("expected", product.readVersion()).add();
                checked.add(row);
            }
        }
        if (checked.isEmpty()) {
            return;
        }
        int[] counts = update.execute();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                Outcome outcome = outcomes.get(checked.get(i).member());
                if (outcome.conflict == null) {
                    outcome.conflict = checked.get(i).product().sku();
                }
            }
        }
    }

    private static void writeBatches(Handle handle, List<Changes> members, List<Outcome> outcomes) {
        PreparedBatch update = handle.prepareBatch("""
                UPDATE batches SET purchased_quantity = :purchased, allocated_quantity = :allocated
                WHERE id = :id""");
        boolean any = false;
        for (int i = 0; i < members.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome.conflict != null) {
                continue;
            }
            for (ProductChange product : members.get(i).products()) {
                for (BatchChange batch : product.batches()) {
                    if (batch.id() == null) {
                        outcome.newBatchIds.put(batch.reference(), insert(handle, product.sku(), batch));
                    } else if (batch.changed()) {
                        update.bind("purchased", batch.purchasedQuantity()).bind("allocated", batch.allocatedQuantity())
                                .bind("id", batch.id()).add();
                        any = true;
                    }
                }
            }
        }
        if (any) {
            update.execute();
        }
    }

    /**
     * The product's row was written first, so a reference that is taken here belongs to a batch of
     * another SKU that is committed (PostgreSQL waits for the other transaction; H2 reports one still
     * in flight as a conflict). That is the client's 409, not a conflict to retry.
     */
    private static long insert(Handle handle, String sku, BatchChange batch) {
        try {
            return handle.createUpdate("""
                            INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity, eta)
                            VALUES (:reference, :sku, :purchased, :allocated, :eta)""")
                    .bind("reference", batch.reference())
                    .bind("sku", sku)
                    .bind("purchased", batch.purchasedQuantity())
                    .bind("allocated", batch.allocatedQuantity())
                    .bind("eta", batch.eta())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new DuplicateBatch(batch.reference());
            }
            throw e;
        }
    }

    private static void writeLines(Handle handle, List<Changes> members, List<Outcome> outcomes) {
        Statements statements = new Statements(handle);
        for (int i = 0; i < members.size(); i++) {
            if (outcomes.get(i).conflict != null) {
                continue;
            }
            Changes changes = members.get(i);
            for (LineKey line : changes.removedLines()) {
                statements.deleteLine.bind("orderId", line.orderId()).bind("sku", line.sku()).add();
            }
            for (NewLine line : changes.newLines()) {
                statements.insertLine.bind("orderId", line.orderId()).bind("sku", line.sku()).bind("qty", line.qty())
                        .bind("batchId", batchId(changes, outcomes.get(i), line)).add();
            }
            for (LineKey line : changes.removedBackorders()) {
                statements.deleteWaiting.bind("orderId", line.orderId()).bind("sku", line.sku()).add();
            }
            for (OrderLine line : changes.newBackorders()) {
                statements.insertWaiting.bind("orderId", line.orderId()).bind("sku", line.sku()).bind("qty", line.qty()).add();
            }
        }
        // Deletes first: a line taken back and allocated again in one unit of work is both.
        statements.execute();
    }

    /** The line statements, each prepared only when a row needs it. */
    private static final class Statements {

        private final Handle handle;
        private final Lazy deleteLine = new Lazy("DELETE FROM allocations WHERE orderid = :orderId AND sku = :sku");
        private final Lazy deleteWaiting = new Lazy("DELETE FROM backorders WHERE orderid = :orderId AND sku = :sku");
        private final Lazy insertLine = new Lazy(
                "INSERT INTO allocations (orderid, sku, qty, batch_id) VALUES (:orderId, :sku, :qty, :batchId)");
        private final Lazy insertWaiting = new Lazy("INSERT INTO backorders (orderid, sku, qty) VALUES (:orderId, :sku, :qty)");

        Statements(Handle handle) {
            this.handle = handle;
        }

        void execute() {
            for (Lazy statement : List.of(deleteLine, deleteWaiting, insertLine, insertWaiting)) {
                if (statement.batch != null) {
                    statement.batch.execute();
                }
            }
        }

        private final class Lazy {

            private final String sql;
            private PreparedBatch batch;

            Lazy(String sql) {
                this.sql = sql;
            }

            PreparedBatch bind(String name, Object value) {
                if (batch == null) {
                    batch = handle.prepareBatch(sql);
                }
                return batch.bind(name, value);
            }
        }
    }

    private static long batchId(Changes changes, Outcome outcome, NewLine line) {
        Long inserted = outcome.newBatchIds.get(line.batchReference());
        if (inserted != null) {
            return inserted;
        }
        for (ProductChange product : changes.products()) {
            if (product.sku().equals(line.sku())) {
                for (BatchChange batch : product.batches()) {
                    if (batch.reference().equals(line.batchReference()) && batch.id() != null) {
                        return batch.id();
                    }
                }
            }
        }
        throw new IllegalStateException("no batch " + line.batchReference() + " among the changes of " + line.sku());
    }
}
