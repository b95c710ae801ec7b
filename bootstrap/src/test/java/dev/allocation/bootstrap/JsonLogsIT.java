package dev.allocation.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.adapters.persistence.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code LOG_FORMAT=json}: one JSON object a line, with the request's id in each line its request
 * caused, so that grepping it follows the request: its web line, its command, and each delivery. A
 * request that sent a {@code traceparent} has its trace's id in those lines too.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    Path folder;

    @Test
    void aRequestCanBeFollowedThroughTheLogByItsId() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(LogConfiguration.json(context));
        appender.setOutputStream(out);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger service = context.getLogger("dev.allocation");
        Level before = service.getLevel();
        service.setLevel(Level.INFO);
        root.addAppender(appender);
        try (AllocationService running = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5)))) {
            HttpClientForTests http = new HttpClientForTests(running.port());
            http.addBatch("b1", "LAMP", 1, null);
            http.send(http.request("/allocate").header("Content-Type", "application/json").header("X-Request-Id", "demo-1")
                    .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 5}")));
        } finally {
            root.detachAppender(appender);
            appender.stop();
            service.setLevel(before);
        }

        List<JsonNode> demo = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.has("time") && entry.has("level") && entry.has("logger") && entry.has("message"))
                    .as("every line is an object with time, level, logger and message: " + line).isTrue();
            if ("demo-1".equals(entry.path("correlation_id").asText())) {
                demo.add(entry);
            }
        }
        assertThat(demo).extracting(entry -> entry.path("message").asText()).containsExactly(
                "Allocate[orderId=o1, sku=LAMP, qty=5, backorder=false] handled in %s ms: NoStock[]".formatted(
                        demo.get(0).path("message").asText().replaceAll(".* handled in (\\d+) ms.*", "$1")),
                "Out of stock for LAMP",
                "OutOfStock[sku=LAMP, orderId=o1, qty=5] delivered to notify-out-of-stock",
                demo.get(3).path("message").asText());
        assertThat(demo.get(3).path("message").asText()).startsWith("POST /allocate 409 in ");
        JsonNode command = demo.get(0);
        JsonNode delivery = demo.get(2);
        assertThat(command.path("message_id").asText()).isNotBlank();
        assertThat(delivery.path("causation_id").asText()).as("the event was caused by the command")
                .isEqualTo(command.path("message_id").asText());
        assertThat(delivery.path("message_id").asText()).isNotEqualTo(command.path("message_id").asText());
        assertThat(demo).as("each line in the caller's trace").allSatisfy(entry -> {
            assertThat(entry.path("trace_id").asText()).isEqualTo(TRACE_ID);
            assertThat(entry.path("span_id").asText()).hasSize(16);
        });
    }
}
