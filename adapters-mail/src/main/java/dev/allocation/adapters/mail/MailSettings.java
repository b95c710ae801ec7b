package dev.allocation.adapters.mail;

import java.util.Objects;
import java.util.Optional;

/**
 * Where notifications go: the SMTP server, its credentials if any, the sender and the recipient.
 * {@link #toString()} leaves the password out.
 */
public record MailSettings(String host, int port, Optional<String> user, Optional<String> password, String from, String to) {

    public MailSettings {
        Objects.requireNonNull(host);
        Objects.requireNonNull(user);
        Objects.requireNonNull(password);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
    }

    @Override
    public String toString() {
        return "SMTP " + host + ":" + port + user.map(u -> " as " + u).orElse("") + ", from " + from + " to " + to;
    }
}
