package dev.allocation.adapters.persistence.views;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.port.in.AllocationsView.Allocation;
import dev.allocation.application.port.out.StoredAllocations;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** Answers from the allocations table in one query on its (orderid, sku) index. */
public final class JdbiStoredAllocations implements StoredAllocations {

    private final Jdbi jdbi;

    public JdbiStoredAllocations(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Allocation> ofOrder(String orderId) {
        return SqlErrors.translated(null, () -> jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT a.sku, b.reference FROM allocations a JOIN batches b ON b.id = a.batch_id
                        WHERE a.orderid = :orderId""")
                .bind("orderId", orderId)
                .map((rs, ctx) -> new Allocation(rs.getString("sku"), rs.getString("reference")))
                .list()));
    }
}
