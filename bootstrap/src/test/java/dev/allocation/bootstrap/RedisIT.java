package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.adapters.persistence.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The book's chapter 11 end-to-end test, against this service: Redis channels in and out. */
@EnabledIfEnvironmentVariable(named = TestBrokers.REDIS_URL, matches = ".+", disabledReason = TestBrokers.REDIS_SKIPPED)
class RedisIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private final String prefix = TestBrokers.newPrefix();

    @Test
    void changeBatchQuantityLeadsToReallocation() throws Exception {
        URI redis = URI.create(TestBrokers.redisUrl());
        try (AllocationService service = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5))
                .withMessaging(new MessagingSettings(Optional.empty(), Optional.of(TestBrokers.redisUrl()), prefix)));
             Jedis subscriber = new Jedis(redis); Jedis publisher = new Jedis(redis)) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            await("subscribed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> http.get("/health").json().path("components").path("redis").asText().equals("UP"));
            // 1. Two batches, and an order allocated to the earlier one.
            http.addBatch("earlier", "RETRO-CLOCK", 10, "2011-01-01");
            http.addBatch("later", "RETRO-CLOCK", 10, "2011-01-02");
            assertThat(http.allocate("order1", "RETRO-CLOCK", 10).json().path("batchref").asText()).isEqualTo("earlier");

            // 2. Subscribe to line_allocated.
            BlockingQueue<JsonNode> allocated = new LinkedBlockingQueue<>();
            CountDownLatch subscribed = new CountDownLatch(1);
            JedisPubSub listener = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int count) {
                    subscribed.countDown();
                }

                @Override
                public void onMessage(String channel, String message) {
                    try {
                        allocated.add(JSON.readTree(message));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            Thread listening = new Thread(() -> subscriber.subscribe(listener, prefix + "line_allocated"));
            listening.start();
            assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();

            // 3. Change the earlier batch's quantity, as the book does.
            publisher.publish(prefix + "change_batch_quantity", "{\"batchref\": \"earlier\", \"qty\": 5}");

            // 4. Within 3 s, the order is allocated to the later batch. As in the book, the last message counts:
            // the first allocation's own message goes out after its commit, and may arrive after step 2.
            JsonNode expected = JSON.readTree("{\"orderid\": \"order1\", \"sku\": \"RETRO-CLOCK\", \"qty\": 10, \"batchref\": \"later\"}");
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            JsonNode last = null;
            while (!expected.equals(last) && System.nanoTime() < until) {
                JsonNode message = allocated.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                last = message == null ? last : message;
            }
            assertThat(last).as("the last line_allocated within 3 s").isEqualTo(expected);
            listener.unsubscribe();
            listening.join(5_000);
        }
    }

    @Test
    void aConnectionThatStopsAnsweringIsGivenUpAndSubscribedAgain() throws Exception {
        URI redis = URI.create(TestBrokers.redisUrl());
        try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
             AllocationService service = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                     new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5))
                     .withMessaging(new MessagingSettings(Optional.empty(),
                             Optional.of("redis://127.0.0.1:" + proxy.port()), prefix)));
             Jedis publisher = new Jedis(redis)) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            await("subscribed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> redisHealth(http).equals("UP"));
            http.addBatch("b1", "LAMP", 10, null);

            proxy.stall(); // the connection stays open, and nothing comes back
            await("seen DOWN").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> redisHealth(http).equals("DOWN"));
            proxy.restore();
            await("subscribed again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> redisHealth(http).equals("UP"));

            publisher.publish(prefix + "change_batch_quantity", "{\"batchref\": \"b1\", \"qty\": 5}");
            await("the message took effect").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> http.get("/products/LAMP").json().path("batches").get(0).path("purchased").asInt() == 5);
        }
    }

    private static String redisHealth(HttpClientForTests http) {
        return http.get("/health").json().path("components").path("redis").asText();
    }
}
