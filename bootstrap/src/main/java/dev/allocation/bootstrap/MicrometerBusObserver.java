package dev.allocation.bootstrap;

import dev.allocation.application.messagebus.BusObserver;
import dev.allocation.domain.commands.Command;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The bus's reports as Micrometer meters: {@code allocation_messages_seconds{message,outcome}},
 * {@code allocation_conflict_retries_total{message}} and {@code allocation_events_published_total{destination}}.
 */
final class MicrometerBusObserver implements BusObserver {

    private final MeterRegistry registry;

    MicrometerBusObserver(MeterRegistry registry) {
        this.registry = registry;
        // There from the start, at zero, so that a rate over them works before the first conflict.
        for (Class<?> command : Command.class.getPermittedSubclasses()) {
            conflictRetries(command.getSimpleName());
        }
    }

    private Counter conflictRetries(String message) {
        return Counter.builder("allocation.conflict.retries")
                .description("Units of work run again after a conflict with a concurrent one")
                .tag("message", message)
                .register(registry);
    }

    @Override
    public void handled(String message, String outcome, Duration took) {
        Timer.builder("allocation.messages")
                .description("Commands handled and events delivered to a handler, by type and outcome")
                .tag("message", message)
                .tag("outcome", outcome)
                .register(registry)
                .record(took);
    }

    @Override
    public void conflictRetried(String message) {
        conflictRetries(message).increment();
    }

    @Override
    public void published(String destination, int events) {
        Counter.builder("allocation.events.published")
                .description("Events a broker has confirmed")
                .tag("destination", destination)
                .register(registry)
                .increment(events);
    }
}
