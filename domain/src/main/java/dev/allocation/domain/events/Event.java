package dev.allocation.domain.events;

/**
 * Everything that happens in the allocation service is one of these events (chapter 9: "the
 * application is a message processor"). The set is closed, so a handler map or a switch over it
 * can be checked by the compiler.
 */
public sealed interface Event
        permits BatchCreated, BatchQuantityChanged, AllocationRequired, Allocated, OutOfStock {
}
