package dev.allocation.application.messagebus;

import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.domain.commands.Command;
import dev.allocation.domain.events.Event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each message goes: which handler carries out each command, which named handlers react to each
 * event, and which destinations outside the service are sent it. Built once and fixed:
 * {@link Builder#build()} refuses a command type with no handler, and registering a second handler for
 * a command, or a handler name twice, fails at once.
 */
public final class MessageRoutes implements Subscriptions {

    private final Map<Class<?>, CommandHandler<?, ?>> commands;
    private final Map<Class<? extends Event>, List<String>> subscribers;
    private final Map<String, Subscriber<?>> byName;
    private final Map<Class<? extends Event>, List<String>> destinations;

    private record Subscriber<E extends Event>(Class<E> type, EventHandler<? super E> handler) {

        void handle(Event event, dev.allocation.application.port.out.UnitOfWork uow) {
            handler.handle(type.cast(event), uow);
        }
    }

    private MessageRoutes(Builder builder) {
        this.commands = Map.copyOf(builder.commands);
        Map<Class<? extends Event>, List<String>> frozen = new HashMap<>();
        builder.subscribers.forEach((type, names) -> frozen.put(type, List.copyOf(names)));
        this.subscribers = Map.copyOf(frozen);
        this.byName = Map.copyOf(builder.byName);
        Map<Class<? extends Event>, List<String>> published = new HashMap<>();
        builder.destinations.forEach((type, names) -> published.put(type, List.copyOf(names)));
        this.destinations = Map.copyOf(published);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The handler of this command's type. Every command type has one: the builder made sure. */
    @SuppressWarnings("unchecked") // registered under the command's exact class, with its own R
    <R> CommandHandler<Command<R>, R> handlerOf(Command<R> command) {
        return (CommandHandler<Command<R>, R>) commands.get(command.getClass());
    }

    @Override
    public List<String> handlersOf(Class<? extends Event> type) {
        return subscribers.getOrDefault(type, List.of());
    }

    @Override
    public List<String> destinationsOf(Class<? extends Event> type) {
        return destinations.getOrDefault(type, List.of());
    }

    /** Runs the named event handler. */
    void deliver(String handler, Event event, dev.allocation.application.port.out.UnitOfWork uow) {
        Subscriber<?> subscriber = Optional.ofNullable(byName.get(handler))
                .orElseThrow(() -> new IllegalStateException("no event handler is named " + handler));
        if (!subscriber.type().isInstance(event)) {
            throw new IllegalStateException("handler " + handler + " takes " + subscriber.type().getSimpleName()
                    + ", not " + event.getClass().getSimpleName());
        }
        subscriber.handle(event, uow);
    }

    public static final class Builder {

        private final Map<Class<?>, CommandHandler<?, ?>> commands = new HashMap<>();
        private final Map<Class<? extends Event>, List<String>> subscribers = new LinkedHashMap<>();
        private final Map<String, Subscriber<?>> byName = new HashMap<>();
        private final Map<Class<? extends Event>, List<String>> destinations = new LinkedHashMap<>();

        private Builder() {
        }

        /** The one handler of a command type. */
        public <R, C extends Command<R>> Builder command(Class<C> type, CommandHandler<C, R> handler) {
            if (commands.putIfAbsent(type, handler) != null) {
                throw new IllegalStateException("command " + type.getSimpleName() + " has a handler already");
            }
            return this;
        }

        /** One more handler of an event type; {@code name} is stored with each delivery, so keep it stable. */
        public <E extends Event> Builder event(Class<E> type, String name, EventHandler<? super E> handler) {
            if (byName.putIfAbsent(name, new Subscriber<>(type, handler)) != null) {
                throw new IllegalStateException("an event handler is named " + name + " already");
            }
            subscribers.computeIfAbsent(type, t -> new ArrayList<>()).add(name);
            return this;
        }

        /** Stores the events of the publisher's types for it, to be sent after their commit. */
        public Builder publishTo(EventPublisher publisher) {
            if (destinations.values().stream().anyMatch(names -> names.contains(publisher.destination()))) {
                throw new IllegalStateException("a publisher has the destination " + publisher.destination() + " already");
            }
            publisher.publishes().forEach(type -> destinations.computeIfAbsent(type, t -> new ArrayList<>()).add(publisher.destination()));
            return this;
        }

        public MessageRoutes build() {
            List<String> missing = Arrays.stream(Command.class.getPermittedSubclasses())
                    .filter(type -> !commands.containsKey(type))
                    .map(Class::getSimpleName)
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("commands without a handler: " + String.join(", ", missing));
            }
            return new MessageRoutes(this);
        }
    }
}
