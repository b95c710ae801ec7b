package dev.allocation.application.messagebus;

import java.time.Duration;

/**
 * What the bus and the publication relays report as they work, for metrics; the wiring supplies one
 * (Micrometer's), the core stays free of any metrics library. Called on the working thread: keep it cheap.
 */
public interface BusObserver {

    /** Reports nothing. */
    BusObserver NONE = new BusObserver() {
    };

    /**
     * A command handled or an event delivered to one handler.
     *
     * @param message the message's type, {@code Allocate} or {@code OutOfStock}
     * @param outcome {@code ok}; for a command also {@code refused} (the domain or the input said no),
     *                {@code conflict} (too many concurrent changes), {@code unavailable} (the database),
     *                {@code error}; for a delivery {@code failed}
     */
    default void handled(String message, String outcome, Duration took) {
    }

    /** A unit of work ran again after a conflict with another. */
    default void conflictRetried(String message) {
    }

    /** Events a destination outside the service has taken. */
    default void published(String destination, int events) {
    }
}
