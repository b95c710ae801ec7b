package dev.allocation.domain.model;

import java.util.Optional;

/**
 * What allocating a line comes to, the answer of {@link dev.allocation.domain.commands.Allocate}: in a batch, waiting for stock, or
 * refused for want of it.
 */
public sealed interface AllocationOutcome {

    /** The batch that holds the line, when it has one. */
    default Optional<String> batch() {
        return this instanceof InBatch inBatch ? Optional.of(inBatch.batchRef()) : Optional.empty();
    }

    record InBatch(String batchRef) implements AllocationOutcome {
    }

    /** Backordered: kept, to be allocated when stock appears. */
    record Waiting() implements AllocationOutcome {
    }

    /** Not allocated and not kept. */
    record NoStock() implements AllocationOutcome {
    }
}
