package dev.allocation.bootstrap;

import dev.allocation.application.port.in.DeliveryAdmin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * {@code allocation_deliveries{state}} (pending, dead, discarded) and {@code allocation_delivery_oldest_pending_seconds}:
 * read from the database when scraped, at most once a second; NaN while it does not answer.
 */
final class DeliveryGauges {

    private static final Duration FRESH = Duration.ofSeconds(1);

    private final DeliveryAdmin deliveries;
    private final Clock clock;
    private DeliveryAdmin.Counts counts;
    private Instant readAt = Instant.EPOCH;

    DeliveryGauges(DeliveryAdmin deliveries, Clock clock, MeterRegistry registry) {
        this.deliveries = deliveries;
        this.clock = clock;
        gauge(registry, "allocation.deliveries", "pending", c -> c.pending());
        gauge(registry, "allocation.deliveries", "dead", c -> c.dead());
        gauge(registry, "allocation.deliveries", "discarded", c -> c.discarded());
        Gauge.builder("allocation.delivery.oldest.pending", this, gauges -> gauges.read(c -> c.oldestPendingRecordedAt()
                        .map(at -> Duration.between(at, clock.instant()).toMillis() / 1000.0).orElse(0.0)))
                .description("How long the oldest pending delivery's event has waited; 0 when none waits")
                .baseUnit("seconds")
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String state, ToDoubleFunction<DeliveryAdmin.Counts> value) {
        Gauge.builder(name, this, gauges -> gauges.read(value))
                .description("Stored deliveries, by state")
                .tag("state", state)
                .register(registry);
    }

    private synchronized double read(ToDoubleFunction<DeliveryAdmin.Counts> value) {
        Instant now = clock.instant();
        if (counts == null || now.isAfter(readAt.plus(FRESH))) {
            try {
                counts = deliveries.counts();
                readAt = now;
            } catch (RuntimeException e) {
                counts = null;
                return Double.NaN;
            }
        }
        return value.applyAsDouble(counts);
    }
}
