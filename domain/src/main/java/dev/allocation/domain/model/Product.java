package dev.allocation.domain.model;

import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.OutOfStock;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The aggregate: every batch of one SKU. All changes to batches go through it, each change bumps
 * the version number (which the repository uses for optimistic locking), and what happened is
 * recorded as events for the message bus to pick up.
 */
public final class Product {

    private final String sku;
    private final List<Batch> batches;
    private long version;
    private final List<Event> events = new ArrayList<>();

    /** A product that has no batches yet. */
    public Product(String sku) {
        this(sku, 0, List.of());
    }

    private Product(String sku, long version, List<Batch> batches) {
        this.sku = Require.notBlank(sku, "sku");
        this.version = version;
        this.batches = new ArrayList<>(batches);
        for (Batch batch : batches) {
            if (!batch.sku().equals(sku)) {
                throw new IllegalArgumentException("batch " + batch.reference() + " is not of sku " + sku);
            }
        }
    }

    /** Rebuilds a stored product; {@code batches} in the order they were added. */
    public static Product restore(String sku, long version, List<Batch> batches) {
        return new Product(sku, version, batches);
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
        if (!line.sku().equals(sku)) {
            throw new IllegalArgumentException("line " + line + " is not of sku " + sku);
        }
        for (Batch batch : batches) {
            Optional<OrderLine> existing = batch.allocationFor(line.orderId());
            if (existing.isPresent()) {
                if (existing.get().equals(line)) {
                    return Optional.of(batch.reference());
                }
                throw new ConflictingOrderLine(line, existing.get(), batch.reference());
            }
        }
        List<Batch> byPreference = new ArrayList<>(batches);
        byPreference.sort(Batch::comparePreference); // stable: ties keep the order of addition
        for (Batch batch : byPreference) {
            if (batch.canAllocate(line)) {
                batch.allocate(line);
                version++;
                events.add(new Allocated(line.orderId(), line.sku(), line.qty(), batch.reference()));
                return Optional.of(batch.reference());
            }
        }
        events.add(new OutOfStock(sku, line.orderId(), line.qty()));
        return Optional.empty();
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
        return "Product[" + sku + ", version " + version + ", " + batches + "]";
    }
}
