package dev.allocation.adapters.persistence.views;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.port.in.OrdersView.Line;
import dev.allocation.application.port.in.OrdersView.Status;
import dev.allocation.application.port.in.ProductsView.BatchStock;
import dev.allocation.application.port.in.ProductsView.Stock;
import dev.allocation.application.port.in.ProductsView.Waiting;
import dev.allocation.application.port.out.StoredStock;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers from committed rows: an order's lines in one query on the (orderid, sku) indexes of
 * allocations and backorders, a product's stock in one query on its batches (the waiting lines' count
 * and quantity are kept on the product's row).
 */
public final class JdbiStoredStock implements StoredStock {

    private final Jdbi jdbi;

    public JdbiStoredStock(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Line> linesOfOrder(String orderId) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT a.sku, a.qty, b.reference FROM allocations a JOIN batches b ON b.id = a.batch_id
                        WHERE a.orderid = :orderId
                        UNION ALL
                        SELECT w.sku, w.qty, CAST(NULL AS VARCHAR(255)) FROM backorders w
                        WHERE w.orderid = :orderId""")
                .bind("orderId", orderId)
                .map((rs, ctx) -> {
                    String batchRef = rs.getString(3);
                    return new Line(rs.getString(1), rs.getInt(2), batchRef == null ? Status.BACKORDERED : Status.ALLOCATED,
                            batchRef);
                })
                .list()));
    }

    /** The order is the model's allocation preference: warehouse batches (no ETA) first, then by ETA, ties as added. */
    @Override
    public Optional<Stock> stockOf(String sku) {
        return SqlErrors.translated(sku, () -> jdbi.withHandle(handle -> {
            List<BatchStock> batches = new ArrayList<>();
            List<Waiting> waiting = handle.createQuery("""
                            SELECT p.backordered_lines, p.backordered_qty,
                                   b.reference, b.eta, b.purchased_quantity, b.allocated_quantity
                            FROM products p LEFT JOIN batches b ON b.sku = p.sku
                            WHERE p.sku = :sku
                            ORDER BY CASE WHEN b.eta IS NULL THEN 0 ELSE 1 END, b.eta, b.id""")
                    .bind("sku", sku)
                    .map((rs, ctx) -> {
                        if (rs.getString("reference") != null) {
                            batches.add(new BatchStock(rs.getString("reference"), rs.getObject("eta", LocalDate.class),
                                    rs.getInt("purchased_quantity"), rs.getInt("allocated_quantity")));
                        }
                        return new Waiting(rs.getInt("backordered_lines"), rs.getLong("backordered_qty"));
                    })
                    .list();
            return waiting.isEmpty() ? Optional.<Stock>empty() : Optional.of(new Stock(sku, batches, waiting.get(0)));
        }));
    }
}
