package dev.allocation.domain.model;

/** No batch has this reference. */
public final class UnknownBatch extends Refusal {

    public UnknownBatch(String reference) {
        super(Kind.NOT_FOUND, "Unknown batch " + reference);
    }
}
