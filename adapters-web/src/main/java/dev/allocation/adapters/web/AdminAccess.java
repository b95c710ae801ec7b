package dev.allocation.adapters.web;

import dev.allocation.application.port.in.DeadCommandAdmin;
import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.application.port.in.EventReplays;

import java.util.Objects;
import java.util.Optional;

/**
 * The admin routes' bearer token, and what they act on: the deliveries, the replays, and the
 * dead-lettered commands where a broker keeps them. Without a token the routes do not exist.
 * The token is never logged: {@link #toString()} leaves it out.
 */
public record AdminAccess(String token, DeliveryAdmin deliveries, EventReplays replays, Optional<DeadCommandAdmin> deadCommands) {

    public AdminAccess {
        Objects.requireNonNull(deliveries);
        Objects.requireNonNull(replays);
        Objects.requireNonNull(deadCommands);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an admin token must not be blank");
        }
    }

    @Override
    public String toString() {
        return "AdminAccess[token hidden]";
    }
}
