package dev.allocation.adapters.persistence;

import dev.allocation.domain.model.OrderLine;
import org.jdbi.v3.core.Handle;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored allocations of one product, read on demand within one unit of work. Asking which batch
 * holds an order's line costs one indexed query per order, whatever the number of batches.
 */
final class StoredOrderLines {

    /** A stored allocation. */
    record Row(long id, long batchId, OrderLine line) {
    }

    private final Handle handle;
    private final String sku;
    private final Map<String, Optional<Row>> byOrder = new HashMap<>();

    StoredOrderLines(Handle handle, String sku) {
        this.handle = handle;
        this.sku = sku;
    }

    Optional<Row> find(String orderId) {
        return byOrder.computeIfAbsent(orderId, id -> handle
                .createQuery("SELECT id, batch_id, qty FROM allocations WHERE orderid = :orderId AND sku = :sku")
                .bind("orderId", id)
                .bind("sku", sku)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getLong("batch_id"), new OrderLine(id, sku, rs.getInt("qty"))))
                .findOne());
    }

    /** The batch's most recent stored allocation older than {@code beforeId}. */
    Optional<Row> latest(long batchId, long beforeId) {
        return handle.createQuery("""
                        SELECT id, orderid, qty FROM allocations
                        WHERE batch_id = :batchId AND id < :beforeId
                        ORDER BY id DESC FETCH FIRST 1 ROWS ONLY""")
                .bind("batchId", batchId)
                .bind("beforeId", beforeId)
                .map((rs, ctx) -> new Row(rs.getLong("id"), batchId, new OrderLine(rs.getString("orderid"), sku, rs.getInt("qty"))))
                .findOne();
    }
}
