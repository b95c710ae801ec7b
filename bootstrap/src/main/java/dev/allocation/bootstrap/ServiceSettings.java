package dev.allocation.bootstrap;

import dev.allocation.adapters.mail.MailSettings;
import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.adapters.web.HttpLimits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The service's configuration, read from environment variables with the defaults of the contract.
 *
 * @param host     interface to listen on
 * @param port     0 picks a free port
 * @param database where the data lives
 * @param messaging the brokers, if any
 * @param adminToken {@code ADMIN_TOKEN}: the bearer token of {@code /admin/...}; without it those routes do not exist
 * @param mail       {@code SMTP_HOST} and the rest: where notifications are mailed; without it they are logged
 * @param http       the deadlines of clients and of a stopping server; not read from the environment
 * @param eventHistory {@code EVENT_HISTORY_DAYS}: how long recorded events are kept; zero keeps none
 * @param openTelemetry the {@code OTEL_*} variables, which OpenTelemetry's autoconfiguration reads: traces
 *                      are exported when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or its traces-only form) is set
 */
public record ServiceSettings(String host, int port, DatabaseSettings database, MessagingSettings messaging,
                              Optional<String> adminToken, Optional<MailSettings> mail, HttpLimits http,
                              Duration eventHistory, Map<String, String> openTelemetry) {

    public static final Duration DEFAULT_EVENT_HISTORY = Duration.ofDays(30);

    public ServiceSettings {
        openTelemetry = Map.copyOf(openTelemetry);
    }

    /** Without brokers, admin routes or mail. */
    public ServiceSettings(String host, int port, DatabaseSettings database) {
        this(host, port, database, MessagingSettings.NONE, Optional.empty(), Optional.empty(), HttpLimits.DEFAULT,
                DEFAULT_EVENT_HISTORY, Map.of());
    }

    public ServiceSettings withMessaging(MessagingSettings messaging) {
        return new ServiceSettings(host, port, database, messaging, adminToken, mail, http, eventHistory, openTelemetry);
    }

    public ServiceSettings withAdminToken(String token) {
        return new ServiceSettings(host, port, database, messaging, Optional.of(token), mail, http, eventHistory, openTelemetry);
    }

    public ServiceSettings withMail(MailSettings mail) {
        return new ServiceSettings(host, port, database, messaging, adminToken, Optional.of(mail), http, eventHistory, openTelemetry);
    }

    /** Shorter deadlines let a test see them pass without waiting out the defaults. */
    public ServiceSettings withHttpLimits(HttpLimits http) {
        return new ServiceSettings(host, port, database, messaging, adminToken, mail, http, eventHistory, openTelemetry);
    }

    public ServiceSettings withEventHistory(Duration eventHistory) {
        return new ServiceSettings(host, port, database, messaging, adminToken, mail, http, eventHistory, openTelemetry);
    }

    /** Where traces go over OTLP; empty when they are not exported. */
    public Optional<String> tracesEndpoint() {
        if ("true".equalsIgnoreCase(openTelemetry.getOrDefault("OTEL_SDK_DISABLED", "").trim())) {
            return Optional.empty();
        }
        return Optional.ofNullable(openTelemetry.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
                .or(() -> Optional.ofNullable(openTelemetry.get("OTEL_EXPORTER_OTLP_ENDPOINT")))
                .map(String::trim).filter(endpoint -> !endpoint.isEmpty());
    }

    /** Whether commits write their events to the history. */
    public boolean keepsEventHistory() {
        return !eventHistory.isZero();
    }

    /** Without the admin token, which is never logged. */
    @Override
    public String toString() {
        return "ServiceSettings[" + host + ":" + port + ", " + database + ", " + messaging
                + (adminToken.isPresent() ? ", admin routes on" : "") + ", notifications " + mail.map(Object::toString).orElse("logged")
                + ", event history " + (keepsEventHistory() ? "kept " + eventHistory : "off")
                + tracesEndpoint().map(endpoint -> ", traces to " + endpoint).orElse("") + "]";
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
        String logLevel = env.getOrDefault(LogConfiguration.LEVEL, "info").trim();
        if (!LogConfiguration.LEVELS.contains(logLevel.toLowerCase(Locale.ROOT))) {
            throw new InvalidConfiguration("LOG_LEVEL must be error, warn, info, debug or trace, was '" + logLevel + "'");
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
        String groupCommit = env.getOrDefault("DATABASE_GROUP_COMMIT", "true").trim();
        if (!groupCommit.equals("true") && !groupCommit.equals("false")) {
            throw new InvalidConfiguration("DATABASE_GROUP_COMMIT must be true or false, was '" + groupCommit + "'");
        }
        Duration eventHistory = days(env, "EVENT_HISTORY_DAYS", DEFAULT_EVENT_HISTORY);
        return new ServiceSettings(host, port, new DatabaseSettings(url, user, password, poolSize, Boolean.parseBoolean(groupCommit)),
                MessagingSettings.fromEnvironment(env), adminToken, mail(env), HttpLimits.DEFAULT, eventHistory,
                openTelemetry(env));
    }

    private static Map<String, String> openTelemetry(Map<String, String> env) {
        return env.entrySet().stream().filter(variable -> variable.getKey().startsWith("OTEL_"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Mail is on when {@code SMTP_HOST} is set. */
    private static Optional<MailSettings> mail(Map<String, String> env) {
        Optional<String> host = Optional.ofNullable(env.get("SMTP_HOST")).map(String::trim).filter(h -> !h.isEmpty());
        if (host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MailSettings(host.get(), integer(env, "SMTP_PORT", 25, 1, 65_535),
                Optional.ofNullable(env.get("SMTP_USER")).filter(u -> !u.isEmpty()),
                Optional.ofNullable(env.get("SMTP_PASSWORD")).filter(p -> !p.isEmpty()),
                env.getOrDefault("NOTIFY_FROM", "allocations@example.com"),
                env.getOrDefault("NOTIFY_TO", "stock@made.com")));
    }

    /** A number of days, fractions allowed (0.5 is twelve hours), from 0 to 100 years. */
    private static Duration days(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            BigDecimal days = new BigDecimal(value.trim());
            if (days.signum() >= 0 && days.compareTo(BigDecimal.valueOf(36_500)) <= 0) {
                return Duration.ofSeconds(days.multiply(BigDecimal.valueOf(86_400)).setScale(0, RoundingMode.HALF_UP).longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new InvalidConfiguration(name + " must be a number of days from 0 to 36500 (0.5 is twelve hours), was '" + value + "'");
    }

    static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
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
