package dev.allocation.domain.events;

/** The purchased quantity of a batch was corrected (for instance, part of it was damaged). */
public record BatchQuantityChanged(String ref, int qty) implements Event {
}
