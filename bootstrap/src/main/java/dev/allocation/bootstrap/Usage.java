package dev.allocation.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** What {@code --help} and {@code --version} print. The settings are those of the README's table. */
final class Usage {

    /** One or more environment variables, their defaults and what they do. */
    record Setting(String names, String fallback, String meaning) {
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("HTTP_HOST", "0.0.0.0", "interface to listen on"),
            new Setting("HTTP_PORT", "8080", "port; 0 picks a free one and logs it"),
            new Setting("DATABASE_URL", ServiceSettings.DEFAULT_DATABASE_URL, "any JDBC URL of H2 or PostgreSQL"),
            new Setting("DATABASE_USER, DATABASE_PASSWORD", "H2: sa / empty", "credentials"),
            new Setting("DATABASE_POOL_SIZE", "10", "connection pool size"),
            new Setting("DATABASE_GROUP_COMMIT", "true", "concurrent requests share database commits; false commits each alone"),
            new Setting("RABBITMQ_URL", "unset", "RabbitMQ for events out and commands in"),
            new Setting("REDIS_URL", "unset", "Redis for the book's channels"),
            new Setting("BROKER_NAME_PREFIX", "empty", "before every exchange, queue and channel name"),
            new Setting("PUBLISH_THREADS", "4", "threads publishing each broker's events, each its share of the 16 lanes of SKUs"),
            new Setting("SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD", "unset, 25", "mail \"Out of stock\" through this server; without it, a log line"),
            new Setting("NOTIFY_FROM, NOTIFY_TO", "allocations@example.com, stock@made.com", "the email's sender and recipient"),
            new Setting("EVENT_HISTORY_DAYS", "30", "how long recorded events are kept for the history routes; 0 keeps none"),
            new Setting("ADMIN_TOKEN", "unset", "bearer token of /admin/..., at least 16 characters; without it those routes do not exist"),
            new Setting("OTEL_EXPORTER_OTLP_ENDPOINT", "unset", "export traces over OTLP there; the other OTEL_* variables apply"),
            new Setting("LOG_FORMAT", "text", "json for one JSON object per log line, with trace_id and span_id"),
            new Setting("LOG_LEVEL", "info", "the service's own log level: error, warn, info, debug or trace"));

    private Usage() {
    }

    static String help() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar allocation-service.jar [--help | --version]

                Serves the allocation service over HTTP, with the data in DATABASE_URL. It takes its
                settings from environment variables:

                """);
        for (Setting setting : SETTINGS) {
            text.append("  ").append(setting.names()).append(" (default: ").append(setting.fallback()).append(")\n")
                    .append("      ").append(setting.meaning()).append('\n');
        }
        return text.append("\nA bad setting stops start-up with a one-line reason and exit code 2.\n").toString();
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Usage.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "allocation-service " + properties.getProperty("version", "unknown");
    }
}
