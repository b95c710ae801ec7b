package dev.allocation.adapters.web;

import java.time.Duration;

/**
 * The times a client and a stopping server get; docs/api.md states the defaults.
 *
 * @param bodyDeadline   a request's whole body must arrive within this of its headers, or it is a 408
 * @param headerDeadline the request line and headers must all arrive within this of their first byte
 * @param idleTimeout    a connection that sends nothing for this long is closed, between requests or within one
 * @param grace          how long a stopping server waits for the requests in flight
 */
public record HttpLimits(Duration bodyDeadline, Duration headerDeadline, Duration idleTimeout, Duration grace) {

    public static final HttpLimits DEFAULT = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(20));
}
