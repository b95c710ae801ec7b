package dev.allocation.adapters.messaging;

import dev.allocation.domain.model.Refusal;

/** A message that can never be handled, whatever is retried: it goes to the dead letters with this reason. */
public final class Unacceptable extends Refusal {

    public Unacceptable(String reason) {
        super(Kind.INVALID, reason);
    }
}
