package dev.allocation.domain.model;

import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Backordered;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.events.StockFreed;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The aggregate: every batch of one SKU, and the order lines that wait for its stock. All changes go
 * through it, each change bumps the version number (which the repository uses for optimistic
 * locking), and what happened is recorded as events for the message bus to pick up.
 */
public final class Product {

    private final String sku;
    private final List<Batch> batches;
    private final Backorders backorders;
    private long version;
    private final List<Event> events = new ArrayList<>();

    /** A product that has no batches yet. */
    public Product(String sku) {
        this(sku, 0, List.of(), new BackorderList());
    }

    private Product(String sku, long version, List<Batch> batches, Backorders backorders) {
        this.sku = Require.notBlank(sku, "sku");
        this.version = version;
        this.batches = new ArrayList<>(batches);
        this.backorders = backorders;
        for (Batch batch : batches) {
            if (!batch.sku().equals(sku)) {
                throw new IllegalArgumentException("batch " + batch.reference() + " is not of sku " + sku);
            }
        }
    }

    /** Rebuilds a stored product with no line waiting; {@code batches} in the order they were added. */
    public static Product restore(String sku, long version, List<Batch> batches) {
        return new Product(sku, version, batches, new BackorderList());
    }

    /** Rebuilds a stored product; {@code batches} in the order they were added. */
    public static Product restore(String sku, long version, List<Batch> batches, Backorders backorders) {
        return new Product(sku, version, batches, backorders);
    }

    public String sku() {
        return sku;
    }

    public long version() {
        return version;
    }

    /** The batches in the order they were added. */
    public List<Batch> batches() {
        return Collections.unmodifiableList(batches);
    }

    /** The lines waiting for stock. */
    public Backorders backorders() {
        return backorders;
    }

    public Optional<Batch> batch(String reference) {
        return batches.stream().filter(b -> b.reference().equals(reference)).findFirst();
    }

    /**
     * Adds a batch. Adding the identical batch again changes nothing, so a retried request is safe.
     *
     * @return true if the batch is new
     * @throws DuplicateBatch when the reference exists with another quantity or ETA
     */
    public boolean addBatch(String reference, int purchasedQuantity, LocalDate eta) {
        Optional<Batch> existing = batch(reference);
        if (existing.isPresent()) {
            Batch batch = existing.get();
            if (batch.sameAs(sku, purchasedQuantity, eta)) {
                return false;
            }
            throw new DuplicateBatch(reference, batch.purchasedQuantity() != purchasedQuantity
                    ? "quantity " + batch.purchasedQuantity() + ", not " + purchasedQuantity
                    : "ETA " + batch.eta().map(LocalDate::toString).orElse("none") + ", not " + (eta == null ? "none" : eta));
        }
        batches.add(new Batch(reference, sku, purchasedQuantity, eta));
        version++;
        if (purchasedQuantity > 0) {
            stockFreed();
        }
        return true;
    }

    /**
     * Allocates the line to the preferred batch that can take all of it: warehouse stock first,
     * then the earliest ETA, ties in the order the batches were added.
     *
     * @return the batch reference, or empty when the product is out of stock (then
     *         {@link OutOfStock} is recorded)
     * @throws ConflictingOrderLine when the order already holds this SKU with another quantity
     */
    public Optional<String> allocate(OrderLine line) {
        return allocate(line, false).batch();
    }

    /**
     * Allocates the line as {@link #allocate(OrderLine)} does. When no batch can take it,
     * {@link OutOfStock} is recorded, and with {@code backorder} the line waits for stock
     * ({@link Backordered}). The identical line again answers where it stands and changes nothing.
     *
     * @throws ConflictingOrderLine when the order already holds this SKU with another quantity
     */
    public AllocationOutcome allocate(OrderLine line, boolean backorder) {
        if (!line.sku().equals(sku)) {
            throw new IllegalArgumentException("line " + line + " is not of sku " + sku);
        }
        for (Batch batch : batches) {
            Optional<OrderLine> existing = batch.allocationFor(line.orderId());
            if (existing.isPresent()) {
                if (existing.get().equals(line)) {
                    return new AllocationOutcome.InBatch(batch.reference());
                }
                throw new ConflictingOrderLine(line, existing.get(), batch.reference());
            }
        }
        Optional<OrderLine> waiting = waitingLineOf(line.orderId());
        if (waiting.isPresent()) {
            if (waiting.get().equals(line)) {
                return new AllocationOutcome.Waiting();
            }
            throw new ConflictingOrderLine(line, waiting.get());
        }
        Optional<Batch> preferred = preferredBatchFor(line);
        if (preferred.isPresent()) {
            place(line, preferred.get());
            return new AllocationOutcome.InBatch(preferred.get().reference());
        }
        events.add(new OutOfStock(sku, line.orderId(), line.qty()));
        if (!backorder) {
            return new AllocationOutcome.NoStock();
        }
        backorders.add(line);
        version++;
        events.add(new Backordered(line.orderId(), sku, line.qty()));
        return new AllocationOutcome.Waiting();
    }

    /**
     * Releases the order's line of this SKU, from its batch or from the waiting lines. Its stock is
     * free at once; nothing is allocated in its place here ({@link StockFreed} lets waiting lines have it).
     *
     * @return the released line, as recorded in {@link LineReleased}
     * @throws NoSuchLine when the order holds no line of this SKU
     */
    public LineReleased deallocate(String orderId) {
        for (Batch batch : batches) {
            Optional<OrderLine> line = batch.allocationFor(orderId);
            if (line.isPresent()) {
                batch.release(line.get());
                version++;
                return released(line.get(), batch.reference());
            }
        }
        OrderLine waiting = waitingLineOf(orderId).orElseThrow(() -> new NoSuchLine(orderId, sku));
        backorders.remove(waiting);
        version++;
        return released(waiting, null);
    }

    private LineReleased released(OrderLine line, String batchRef) {
        LineReleased released = new LineReleased(line.orderId(), sku, line.qty(), batchRef);
        events.add(released);
        if (batchRef != null) {
            stockFreed();
        }
        return released;
    }

    /**
     * Allocates waiting lines, oldest first, each to its preferred batch; a line that fits no batch
     * yet is skipped, so it does not hold back smaller ones behind it.
     *
     * @param atMost how many lines to allocate here, so that one commit stays small: when that many
     *               were allocated and stock is left, {@link StockFreed} is recorded again to go on
     * @return how many lines were allocated
     */
    public int allocateBackorders(int atMost) {
        int allocated = 0;
        int room = largestAvailable();
        if (room == 0 || backorders.lines() == 0) {
            return 0;
        }
        // One pass: room only shrinks while lines are placed, so a line skipped never fits later in it.
        for (OrderLine line : backorders.oldestFirst(room)) {
            if (allocated == atMost) {
                stockFreed();
                break;
            }
            if (line.qty() > room) {
                continue;
            }
            Batch batch = preferredBatchFor(line).orElseThrow();
            backorders.remove(line);
            place(line, batch);
            allocated++;
            room = largestAvailable();
            if (room == 0) {
                break;
            }
        }
        return allocated;
    }

    /**
     * Sets a batch's purchased quantity. While the batch holds more than that, its most recently
     * allocated line is taken back, and {@link Deallocated} is recorded so that the line can be
     * allocated again, possibly elsewhere.
     */
    public void changeBatchQuantity(String reference, int qty) {
        Batch batch = batch(reference).orElseThrow(
                () -> new IllegalArgumentException("product " + sku + " has no batch " + reference));
        if (batch.purchasedQuantity() == qty) {
            return;
        }
        batch.changePurchasedQuantity(qty);
        while (batch.availableQuantity() < 0) {
            OrderLine line = batch.deallocateLatest();
            events.add(new Deallocated(line.orderId(), line.sku(), line.qty(), reference));
        }
        version++;
        if (batch.availableQuantity() > 0) {
            stockFreed(); // grown, or left with room after the lines it took back
        }
    }

    private Optional<OrderLine> waitingLineOf(String orderId) {
        return backorders.lines() == 0 ? Optional.empty() : backorders.find(orderId);
    }

    private Optional<Batch> preferredBatchFor(OrderLine line) {
        List<Batch> byPreference = new ArrayList<>(batches);
        byPreference.sort(Batch::comparePreference); // stable: ties keep the order of addition
        return byPreference.stream().filter(batch -> batch.canAllocate(line)).findFirst();
    }

    private void place(OrderLine line, Batch batch) {
        batch.allocate(line);
        version++;
        events.add(new Allocated(line.orderId(), line.sku(), line.qty(), batch.reference()));
    }

    private int largestAvailable() {
        return batches.stream().mapToInt(Batch::availableQuantity).max().orElse(0);
    }

    /** Lets the waiting lines have the stock; nothing is recorded when none waits. */
    private void stockFreed() {
        if (backorders.lines() > 0) {
            events.add(new StockFreed(sku));
        }
    }

    /**
     * The events recorded since the last call, oldest first; each is handed over once. Together they
     * say which lines were allocated and taken back, which is what a repository writes.
     */
    public List<Event> pullEvents() {
        List<Event> pulled = List.copyOf(events);
        events.clear();
        return pulled;
    }

    @Override
    public String toString() {
        return "Product[" + sku + ", version " + version + ", " + batches + ", " + backorders.lines() + " waiting]";
    }
}
