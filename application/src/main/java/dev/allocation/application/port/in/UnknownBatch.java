package dev.allocation.application.port.in;

/** No batch has this reference. */
public final class UnknownBatch extends RuntimeException {

    public UnknownBatch(String reference) {
        super("Unknown batch " + reference);
    }
}
