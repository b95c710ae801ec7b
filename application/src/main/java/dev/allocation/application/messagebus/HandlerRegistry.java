package dev.allocation.application.messagebus;

import dev.allocation.domain.events.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which handlers run for which event type, in the order they were registered. Fixed once built. */
public final class HandlerRegistry {

    private final Map<Class<? extends Event>, List<Handler<Event>>> handlers;

    private HandlerRegistry(Map<Class<? extends Event>, List<Handler<Event>>> handlers) {
        this.handlers = handlers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The handlers of this event's type; none is a valid answer (nobody reacts to it). */
    public List<Handler<Event>> handlersFor(Event event) {
        return handlers.getOrDefault(event.getClass(), List.of());
    }

    public static final class Builder {

        private final Map<Class<? extends Event>, List<Handler<Event>>> handlers = new HashMap<>();

        private Builder() {
        }

        public <E extends Event> Builder on(Class<E> type, Handler<? super E> handler) {
            // The map is keyed by the exact class, so the handler only ever receives an E.
            Handler<Event> typed = (event, uow) -> handler.handle(type.cast(event), uow);
            handlers.computeIfAbsent(type, t -> new ArrayList<>()).add(typed);
            return this;
        }

        public HandlerRegistry build() {
            Map<Class<? extends Event>, List<Handler<Event>>> frozen = new HashMap<>();
            handlers.forEach((type, list) -> frozen.put(type, List.copyOf(list)));
            return new HandlerRegistry(Map.copyOf(frozen));
        }
    }
}
