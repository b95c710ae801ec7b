package dev.allocation.domain.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Stock of one SKU: a purchased quantity, an optional ETA (none means it is in the warehouse) and
 * the order lines allocated to it. Batches change only through their {@link Product}.
 */
public final class Batch {

    private final String reference;
    private final String sku;
    private final LocalDate eta;
    private int purchasedQuantity;
    private int allocatedQuantity;
    private final AllocatedLines lines;

    /** A new batch with nothing allocated. A null {@code eta} means it is in the warehouse. */
    public Batch(String reference, String sku, int purchasedQuantity, LocalDate eta) {
        this(reference, sku, purchasedQuantity, eta, 0, new LineList());
    }

    private Batch(String reference, String sku, int purchasedQuantity, LocalDate eta,
                  int allocatedQuantity, AllocatedLines lines) {
        this.reference = Require.notBlank(reference, "reference");
        this.sku = Require.notBlank(sku, "sku");
        this.purchasedQuantity = Require.atLeast(purchasedQuantity, 0, "purchased quantity");
        this.allocatedQuantity = Require.atLeast(allocatedQuantity, 0, "allocated quantity");
        this.eta = eta;
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    /**
     * Rebuilds a stored batch. {@code allocatedQuantity} is the sum of the quantities of
     * {@code lines}; a repository passes it separately so that it need not load the lines. The batch
     * keeps {@code lines} to itself: it changes them only together with its allocated quantity.
     */
    public static Batch restore(String reference, String sku, int purchasedQuantity, LocalDate eta,
                                int allocatedQuantity, AllocatedLines lines) {
        return new Batch(reference, sku, purchasedQuantity, eta, allocatedQuantity, lines);
    }

    public String reference() {
        return reference;
    }

    public String sku() {
        return sku;
    }

    /** Empty when the batch is in the warehouse. */
    public Optional<LocalDate> eta() {
        return Optional.ofNullable(eta);
    }

    public int purchasedQuantity() {
        return purchasedQuantity;
    }

    public int allocatedQuantity() {
        return allocatedQuantity;
    }

    public int availableQuantity() {
        return purchasedQuantity - allocatedQuantity;
    }

    public boolean canAllocate(OrderLine line) {
        return sku.equals(line.sku()) && availableQuantity() >= line.qty();
    }

    /** True when this batch was created with the same SKU, quantity and ETA. */
    boolean sameAs(String sku, int purchasedQuantity, LocalDate eta) {
        return this.sku.equals(sku) && this.purchasedQuantity == purchasedQuantity && Objects.equals(this.eta, eta);
    }

    Optional<OrderLine> allocationFor(String orderId) {
        return lines.find(orderId);
    }

    void allocate(OrderLine line) {
        if (!canAllocate(line)) {
            throw new IllegalStateException("batch " + reference + " cannot take " + line);
        }
        lines.add(line);
        allocatedQuantity += line.qty();
    }

    OrderLine deallocateLatest() {
        OrderLine line = lines.removeLatest();
        allocatedQuantity -= line.qty();
        return line;
    }

    /** Takes back one allocated line, freeing its quantity. */
    void release(OrderLine line) {
        lines.remove(line);
        allocatedQuantity -= line.qty();
    }

    void changePurchasedQuantity(int qty) {
        purchasedQuantity = Require.atLeast(qty, 0, "purchased quantity");
    }

    /** Warehouse stock first, then the earliest ETA. */
    static int comparePreference(Batch a, Batch b) {
        if (a.eta == null || b.eta == null) {
            return a.eta == null ? (b.eta == null ? 0 : -1) : 1;
        }
        return a.eta.compareTo(b.eta);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Batch batch && batch.reference.equals(reference);
    }

    @Override
    public int hashCode() {
        return reference.hashCode();
    }

    @Override
    public String toString() {
        return "Batch[" + reference + ", " + sku + ", " + availableQuantity() + "/" + purchasedQuantity
                + (eta == null ? ", warehouse" : ", eta " + eta) + "]";
    }
}
