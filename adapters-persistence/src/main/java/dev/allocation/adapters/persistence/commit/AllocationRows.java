package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.domain.model.AllocatedLines;
import dev.allocation.domain.model.OrderLine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The stored allocations of one product, read on demand within one unit of work, so that deciding an
 * allocation never loads a batch's history: asking which batch holds an order's line is one indexed
 * query, and taking back a batch's latest line is another. Writing is not done here: the repository
 * writes what the product's events say changed.
 */
public final class AllocationRows {

    /** A stored allocation. */
    private record Row(long id, long batchId, OrderLine line) {
    }

    private final UnitOfWorkConnection connection;
    private final String sku;
    private final Map<String, Optional<Row>> byOrder = new HashMap<>();

    AllocationRows(UnitOfWorkConnection connection, String sku) {
        this.connection = connection;
        this.sku = sku;
    }

    /** The lines of one stored batch, as the model sees them in this unit of work. */
    AllocatedLines linesOf(long batchId) {
        return new BatchLines(batchId);
    }

    private Optional<Row> find(String orderId) {
        return byOrder.computeIfAbsent(orderId, id -> SqlErrors.translated(sku, () -> connection.handle()
                .createQuery("SELECT id, batch_id, qty FROM allocations WHERE orderid = :orderId AND sku = :sku")
                .bind("orderId", id)
                .bind("sku", sku)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getLong("batch_id"), new OrderLine(id, sku, rs.getInt("qty"))))
                .findOne()));
    }

    /**
     * ORDER BY names the index's leading column too: only then does H2 read the index in order and stop
     * at the first row, rather than read every allocation of the batch and sort them.
     */
    static final String LATEST_SQL = """
            SELECT id, orderid, qty FROM allocations
            WHERE batch_id = :batchId AND id < :beforeId
            ORDER BY batch_id DESC, id DESC FETCH FIRST 1 ROWS ONLY""";

    /** The batch's most recent stored allocation older than {@code beforeId}. */
    private Optional<Row> latest(long batchId, long beforeId) {
        return SqlErrors.translated(sku, () -> connection.handle().createQuery(LATEST_SQL)
                .bind("batchId", batchId)
                .bind("beforeId", beforeId)
                .map((rs, ctx) -> new Row(rs.getLong("id"), batchId, new OrderLine(rs.getString("orderid"), sku, rs.getInt("qty"))))
                .findOne());
    }

    /** Stored lines plus the ones added in this unit of work, less the ones taken back or released. */
    private final class BatchLines implements AllocatedLines {

        private final long batchId;
        private final List<OrderLine> added = new ArrayList<>();
        /** Stored lines taken back or released in this unit of work, by id. */
        private final Set<Long> removed = new HashSet<>();
        /** Stored lines are taken back newest first, so the walk goes on below the last one it took. */
        private long takenBackBelow = Long.MAX_VALUE;

        private BatchLines(long batchId) {
            this.batchId = batchId;
        }

        @Override
        public Optional<OrderLine> find(String orderId) {
            for (OrderLine line : added) {
                if (line.orderId().equals(orderId)) {
                    return Optional.of(line);
                }
            }
            return stored(orderId).map(Row::line);
        }

        private Optional<Row> stored(String orderId) {
            return AllocationRows.this.find(orderId).filter(row -> row.batchId() == batchId && !removed.contains(row.id()));
        }

        @Override
        public void add(OrderLine line) {
            added.add(line);
        }

        @Override
        public OrderLine removeLatest() {
            if (!added.isEmpty()) {
                return added.remove(added.size() - 1);
            }
            while (true) {
                Row row = latest(batchId, takenBackBelow)
                        .orElseThrow(() -> new NoSuchElementException("no allocated line to take back"));
                takenBackBelow = row.id();
                if (removed.add(row.id())) {
                    return row.line();
                }
            }
        }

        @Override
        public void remove(OrderLine line) {
            if (added.remove(line)) {
                return;
            }
            Row row = stored(line.orderId()).filter(stored -> stored.line().equals(line))
                    .orElseThrow(() -> new NoSuchElementException(line + " is not allocated here"));
            removed.add(row.id());
        }
    }
}
