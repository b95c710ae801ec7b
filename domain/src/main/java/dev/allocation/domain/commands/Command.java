package dev.allocation.domain.commands;

/**
 * A request to the service. Each command has exactly one handler, whose answer is an {@code R}, and
 * it checks its own fields when it is made, so that every driving adapter (HTTP, a broker) applies the
 * same rules and gets the same messages.
 *
 * @param <R> what handling the command answers
 */
public sealed interface Command<R> permits CreateBatch, Allocate, ChangeBatchQuantity, Deallocate {
}
