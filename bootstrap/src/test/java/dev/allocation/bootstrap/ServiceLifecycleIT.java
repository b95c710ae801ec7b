package dev.allocation.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.adapters.web.HttpServer;
import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.in.HealthCheck;
import dev.allocation.application.port.out.Notifications;
import dev.allocation.bootstrap.HttpClientForTests.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting, failing and stopping the real wiring. */
class ServiceLifecycleIT {

    @TempDir
    Path folder;

    private AllocationService start(Consumer<AnnotationConfigApplicationContext> overrides) {
        return AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 4)), overrides);
    }

    @Test
    void anUnexpectedFailureIsA500WithAnIdThatIsInTheLog() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger errors = (Logger) LoggerFactory.getLogger("dev.allocation.adapters.web");
        errors.addAppender(log);
        AllocationsView broken = orderId -> {
            throw new IllegalStateException("disk on fire");
        };
        try (AllocationService service = start(StandIns.standIn(AllocationsView.class, broken))) {
            Response response = new HttpClientForTests(service.port()).allocations("o1");

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.message()).isEqualTo("Internal error");
            String id = response.json().get("id").asText();
            assertThat(id).isNotBlank();
            assertThat(response.raw()).doesNotContain("disk on fire").doesNotContain("IllegalStateException");
            assertThat(log.list).anySatisfy(event -> {
                assertThat(event.getFormattedMessage()).contains(id);
                assertThat(event.getThrowableProxy().getMessage()).isEqualTo("disk on fire");
            });
        } finally {
            errors.detachAppender(log);
        }
    }

    @Test
    void healthIs503WhenTheDatabaseDoesNotAnswer() {
        HealthCheck down = () -> Optional.of("Connection refused");
        try (AllocationService service = start(StandIns.standIn(HealthCheck.class, down))) {
            Response response = new HttpClientForTests(service.port()).get("/health");

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(response.message()).contains("Connection refused");

            Response ready = new HttpClientForTests(service.port()).get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(ready.message()).contains("Connection refused");
            assertThat(new HttpClientForTests(service.port()).get("/health/live").status()).as("the process answers").isEqualTo(200);
        }
    }

    @Test
    void readinessFailsFromTheFirstMomentOfAStopWhileRequestsInFlightFinish() throws Exception {
        CountDownLatch notifying = new CountDownLatch(1);
        AllocationService service = start(StandIns.standIn(Notifications.class, slowNotifications(notifying, Duration.ofMillis(2_000))));
        HttpClientForTests http = new HttpClientForTests(service.port());
        http.addBatch("b1", "SLOW", 1, null);
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
        // A load balancer's connection, open before the stop: a probe on it must hear that the service is going.
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            assertThat(exchange(probe, "/health/live")).startsWith("200 ");
            CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> http.allocate("o1", "SLOW", 2));
            assertThat(notifying.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(service::close);

            AtomicReference<String> answer = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                answer.set(exchange(probe, "/health/ready"));
                return answer.get().startsWith("503 ");
            });
            assertThat(answer.get()).contains("The service is stopping");
            assertThat(inFlight.isDone()).as("the request in flight is still running").isFalse();
            assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(409);
            stopping.get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Notifications that take {@code time}, counting {@code notifying} down as they begin: an
     * out-of-stock answer waits for its notification, so that request stays in flight that long.
     */
    private static Notifications slowNotifications(CountDownLatch notifying, Duration time) {
        return sku -> {
            notifying.countDown();
            try {
                Thread.sleep(time.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** One keep-alive exchange on an open connection: the status code, a space and the body. */
    private static String exchange(Socket socket, String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String status = line(in).split(" ")[1];
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return status + " " + new String(body, StandardCharsets.UTF_8);
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void stoppingFinishesTheRequestsInFlight() throws Exception {
        CountDownLatch notifying = new CountDownLatch(1);
        AllocationService service = start(StandIns.standIn(Notifications.class, slowNotifications(notifying, Duration.ofMillis(1_000))));
        HttpClientForTests http = new HttpClientForTests(service.port());
        http.addBatch("b1", "SLOW", 1, null);

        // Out of stock: the answer waits for the (slow) notification.
        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> http.allocate("o1", "SLOW", 2));
        assertThat(notifying.await(10, TimeUnit.SECONDS)).isTrue();
        service.close();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(409);
        assertThatThrownBy(() -> http.get("/health")).as("no longer taking requests").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePortIsLoggedWhenZeroPicksOne() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(HttpServer.class);
        logger.setLevel(Level.INFO);
        logger.addAppender(log);
        try (AllocationService service = start(c -> { })) {
            assertThat(service.port()).isPositive();
            assertThat(log.list).anySatisfy(event ->
                    assertThat(event.getFormattedMessage()).contains(":" + service.port()));
        } finally {
            logger.detachAppender(log);
            logger.setLevel(null);
        }
    }

    @Test
    void configurationHasTheContractDefaults() {
        ServiceSettings settings = ServiceSettings.fromEnvironment(Map.of());

        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.database().url()).isEqualTo("jdbc:h2:file:./data/allocation");
        assertThat(settings.database().user()).isEqualTo("sa");
        assertThat(settings.database().password()).isEmpty();
        assertThat(settings.database().poolSize()).isEqualTo(10);
        assertThat(settings.database().groupCommit()).isTrue();
    }

    @Test
    void configurationIsReadFromTheEnvironment() {
        ServiceSettings settings = ServiceSettings.fromEnvironment(Map.of(
                "HTTP_HOST", "127.0.0.1", "HTTP_PORT", "0",
                "DATABASE_URL", "jdbc:postgresql://db:5432/allocation", "DATABASE_USER", "app",
                "DATABASE_PASSWORD", "secret", "DATABASE_POOL_SIZE", "20", "DATABASE_GROUP_COMMIT", "false",
                "EVENT_HISTORY_DAYS", "7", "PUBLISH_THREADS", "2"));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isZero();
        assertThat(settings.database()).isEqualTo(new DatabaseSettings("jdbc:postgresql://db:5432/allocation", "app", "secret", 20, false));
        assertThat(settings.eventHistory()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.messaging().publishThreads()).isEqualTo(2);
        assertThat(ServiceSettings.fromEnvironment(Map.of()).messaging().publishThreads()).isEqualTo(4);
        assertThat(ServiceSettings.fromEnvironment(Map.of("EVENT_HISTORY_DAYS", "0")).keepsEventHistory()).isFalse();
        assertThat(ServiceSettings.fromEnvironment(Map.of("EVENT_HISTORY_DAYS", "0.5")).eventHistory()).isEqualTo(Duration.ofHours(12));
        assertThat(ServiceSettings.fromEnvironment(Map.of()).eventHistory()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void badConfigurationIsRefusedWithAReason() {
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("HTTP_PORT", "eighty")))
                .hasMessage("HTTP_PORT must be a whole number from 0 to 65535, was 'eighty'");
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("HTTP_PORT", "70000")))
                .hasMessageContaining("HTTP_PORT");
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("DATABASE_POOL_SIZE", "0")))
                .hasMessageContaining("DATABASE_POOL_SIZE");
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("PUBLISH_THREADS", "17")))
                .hasMessage("PUBLISH_THREADS must be a whole number from 1 to 16, was '17'");
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("DATABASE_GROUP_COMMIT", "yes")))
                .hasMessage("DATABASE_GROUP_COMMIT must be true or false, was 'yes'");
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("EVENT_HISTORY_DAYS", "-1")))
                .hasMessage("EVENT_HISTORY_DAYS must be a number of days from 0 to 36500 (0.5 is twelve hours), was '-1'");
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("EVENT_HISTORY_DAYS", "a month")))
                .hasMessageContaining("EVENT_HISTORY_DAYS");
        assertThatThrownBy(() -> ServiceSettings.fromEnvironment(Map.of("DATABASE_URL", "jdbc:mysql://x/y")))
                .hasMessageContaining("DATABASE_URL must be a JDBC URL of H2");
    }
}
