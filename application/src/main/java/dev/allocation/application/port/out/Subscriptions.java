package dev.allocation.application.port.out;

import dev.allocation.domain.events.Event;

import java.util.List;

/**
 * Who must get an event of a type: handlers in the service, for which a unit of work stores one
 * delivery each, and destinations outside it, for which it stores one publication each.
 */
@FunctionalInterface
public interface Subscriptions {

    /** Handler names, stable across releases: they are stored. None is a valid answer. */
    List<String> handlersOf(Class<? extends Event> type);

    /** Destinations of {@link EventPublisher}s, stable across releases: they are stored. */
    default List<String> destinationsOf(Class<? extends Event> type) {
        return List.of();
    }
}
