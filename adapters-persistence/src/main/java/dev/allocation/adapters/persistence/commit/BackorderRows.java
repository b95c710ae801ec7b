package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.domain.model.Backorders;
import dev.allocation.domain.model.OrderLine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The stored waiting lines of one product, read on demand within one unit of work. The counts come
 * with the product's row; a line is looked up by its order on the (orderid, sku) index; filling walks
 * the lines oldest first a page at a time, only those small enough to fit. What this unit of work
 * added and removed is kept here, and the repository writes it at commit.
 */
final class BackorderRows implements Backorders {

    private static final int PAGE = 500;

    private record Row(long id, OrderLine line) {
    }

    private final UnitOfWorkConnection connection;
    private final String sku;
    private int lines;
    private long quantity;
    private final Map<String, Optional<OrderLine>> storedByOrder = new HashMap<>();
    private final Set<String> removedStored = new LinkedHashSet<>();
    private final Map<String, OrderLine> added = new LinkedHashMap<>();

    BackorderRows(UnitOfWorkConnection connection, String sku, int lines, long quantity) {
        this.connection = connection;
        this.sku = sku;
        this.lines = lines;
        this.quantity = quantity;
    }

    @Override
    public int lines() {
        return lines;
    }

    @Override
    public long quantity() {
        return quantity;
    }

    @Override
    public Optional<OrderLine> find(String orderId) {
        OrderLine fresh = added.get(orderId);
        if (fresh != null) {
            return Optional.of(fresh);
        }
        if (removedStored.contains(orderId)) {
            return Optional.empty();
        }
        return storedByOrder.computeIfAbsent(orderId, id -> SqlErrors.translated(sku, () -> connection.handle()
                .createQuery("SELECT qty FROM backorders WHERE orderid = :orderId AND sku = :sku")
                .bind("orderId", id)
                .bind("sku", sku)
                .map((rs, ctx) -> new OrderLine(id, sku, rs.getInt("qty")))
                .findOne()));
    }

    @Override
    public void add(OrderLine line) {
        if (find(line.orderId()).isPresent()) {
            throw new IllegalStateException("order " + line.orderId() + " already waits for " + sku);
        }
        added.put(line.orderId(), line);
        lines++;
        quantity += line.qty();
    }

    @Override
    public void remove(OrderLine line) {
        if (added.remove(line.orderId()) == null) {
            if (!find(line.orderId()).equals(Optional.of(line))) {
                throw new IllegalStateException(line + " is not waiting");
            }
            removedStored.add(line.orderId());
        }
        lines--;
        quantity -= line.qty();
    }

    @Override
    public Iterable<OrderLine> oldestFirst(int maxQty) {
        Set<String> removedBefore = Set.copyOf(removedStored);
        List<OrderLine> addedBefore = added.values().stream().filter(line -> line.qty() <= maxQty).toList();
        return () -> new Iterator<>() {
            private long after = 0;
            private Iterator<Row> page = List.<Row>of().iterator();
            private boolean storedDone;
            private final Iterator<OrderLine> fresh = addedBefore.iterator();
            private OrderLine next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (page.hasNext()) {
                        Row row = page.next();
                        after = row.id();
                        if (!removedBefore.contains(row.line().orderId())) {
                            next = row.line();
                        }
                    } else if (!storedDone) {
                        List<Row> rows = page(after, maxQty);
                        storedDone = rows.size() < PAGE;
                        page = rows.iterator();
                    } else if (fresh.hasNext()) {
                        next = fresh.next();
                    } else {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public OrderLine next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                OrderLine line = next;
                next = null;
                return line;
            }
        };
    }

    /**
     * ORDER BY names the index's leading column too: only then does H2 read the index in order and stop
     * at the limit, rather than read every waiting line of the SKU and sort them.
     */
    static final String PAGE_SQL = """
            SELECT id, orderid, qty FROM backorders
            WHERE sku = :sku AND id > :after AND qty <= :maxQty
            ORDER BY sku, id FETCH FIRST %d ROWS ONLY""".formatted(PAGE);

    private List<Row> page(long after, int maxQty) {
        List<Row> rows = SqlErrors.translated(sku, () -> connection.handle().createQuery(PAGE_SQL)
                .bind("sku", sku)
                .bind("after", after)
                .bind("maxQty", maxQty)
                .map((rs, ctx) -> new Row(rs.getLong("id"), new OrderLine(rs.getString("orderid"), sku, rs.getInt("qty"))))
                .list());
        rows.forEach(row -> storedByOrder.put(row.line().orderId(), Optional.of(row.line()))); // so removing one asks no query
        return rows;
    }

    /** Stored lines this unit of work removed, by order id. */
    Collection<String> removed() {
        return removedStored;
    }

    /** Lines this unit of work added, oldest first. */
    Collection<OrderLine> added() {
        return new ArrayList<>(added.values());
    }
}
