package dev.allocation.application.port.out;

import dev.allocation.domain.events.Event;

import java.util.List;

/** Which handlers an event of a type must be delivered to; a unit of work stores one delivery each. */
@FunctionalInterface
public interface Subscriptions {

    /** Handler names, stable across releases: they are stored. None is a valid answer. */
    List<String> handlersOf(Class<? extends Event> type);
}
