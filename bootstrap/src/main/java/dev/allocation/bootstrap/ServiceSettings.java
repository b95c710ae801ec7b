package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DatabaseSettings;

import java.util.Map;
import java.util.Optional;

/**
 * The service's configuration, read from environment variables with the defaults of the contract.
 *
 * @param host     interface to listen on
 * @param port     0 picks a free port
 * @param database where the data lives
 * @param messaging the brokers, if any
 * @param adminToken {@code ADMIN_TOKEN}: the bearer token of {@code /admin/...}; without it those routes do not exist
 */
public record ServiceSettings(String host, int port, DatabaseSettings database, MessagingSettings messaging,
                              Optional<String> adminToken) {

    /** Without brokers or admin routes. */
    public ServiceSettings(String host, int port, DatabaseSettings database) {
        this(host, port, database, MessagingSettings.NONE, Optional.empty());
    }

    public ServiceSettings withMessaging(MessagingSettings messaging) {
        return new ServiceSettings(host, port, database, messaging, adminToken);
    }

    public ServiceSettings withAdminToken(String token) {
        return new ServiceSettings(host, port, database, messaging, Optional.of(token));
    }

    /** Without the admin token, which is never logged. */
    @Override
    public String toString() {
        return "ServiceSettings[" + host + ":" + port + ", " + database + ", " + messaging
                + (adminToken.isPresent() ? ", admin routes on" : "") + "]";
    }

    public static final String DEFAULT_DATABASE_URL = "jdbc:h2:file:./data/allocation";

    /** @throws InvalidConfiguration with a one-line reason */
    public static ServiceSettings fromEnvironment(Map<String, String> env) {
        String host = env.getOrDefault("HTTP_HOST", "0.0.0.0").trim();
        if (host.isEmpty()) {
            throw new InvalidConfiguration("HTTP_HOST must not be empty");
        }
        int port = integer(env, "HTTP_PORT", 8080, 0, 65_535);
        String logFormat = env.getOrDefault(LogConfiguration.FORMAT, "text");
        if (!logFormat.equals("text") && !logFormat.equals(LogConfiguration.JSON)) {
            throw new InvalidConfiguration("LOG_FORMAT must be text or json, was '" + logFormat + "'");
        }
        String url = env.getOrDefault("DATABASE_URL", DEFAULT_DATABASE_URL).trim();
        DatabaseSettings.Kind kind;
        try {
            kind = DatabaseSettings.Kind.of(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfiguration("DATABASE_URL must be a JDBC URL of H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...), was '" + url + "'");
        }
        boolean h2 = kind == DatabaseSettings.Kind.H2;
        String user = env.getOrDefault("DATABASE_USER", h2 ? "sa" : "");
        String password = env.getOrDefault("DATABASE_PASSWORD", "");
        int poolSize = integer(env, "DATABASE_POOL_SIZE", 10, 1, 1_000);
        Optional<String> adminToken = Optional.ofNullable(env.get("ADMIN_TOKEN")).map(String::trim);
        if (adminToken.isPresent() && adminToken.get().length() < 16) {
            throw new InvalidConfiguration("ADMIN_TOKEN must be at least 16 characters, or unset");
        }
        return new ServiceSettings(host, port, new DatabaseSettings(url, user, password, poolSize),
                MessagingSettings.fromEnvironment(env), adminToken);
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = env.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfiguration(name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
    }

    /** The configuration cannot work; the message says which variable to fix. */
    public static final class InvalidConfiguration extends RuntimeException {

        public InvalidConfiguration(String message) {
            super(message);
        }
    }
}
