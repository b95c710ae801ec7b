package dev.allocation.adapters.web;

import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.application.port.in.EventReplays;

import java.util.Objects;

/**
 * The admin routes' bearer token, and what they act on. Without one the routes do not exist.
 * The token is never logged: {@link #toString()} leaves it out.
 */
public record AdminAccess(String token, DeliveryAdmin deliveries, EventReplays replays) {

    public AdminAccess {
        Objects.requireNonNull(deliveries);
        Objects.requireNonNull(replays);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an admin token must not be blank");
        }
    }

    @Override
    public String toString() {
        return "AdminAccess[token hidden]";
    }
}
