package dev.allocation.adapters.messaging;

/** A message that can never be handled, whatever is retried: it goes to the dead letters with this reason. */
public final class Unacceptable extends RuntimeException {

    public Unacceptable(String reason) {
        super(reason);
    }
}
