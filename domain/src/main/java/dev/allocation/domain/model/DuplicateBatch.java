package dev.allocation.domain.model;

/** A batch reference is taken by a batch with another SKU, quantity or ETA. */
public final class DuplicateBatch extends Refusal {

    private final String reference;

    public DuplicateBatch(String reference) {
        super(Kind.CONFLICT, "Batch " + reference + " already exists");
        this.reference = reference;
    }

    /** @param difference what the existing batch has that the new one does not, as "quantity 2, not 20" */
    public DuplicateBatch(String reference, String difference) {
        super(Kind.CONFLICT, "Batch " + reference + " already exists with " + difference);
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
