package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.allocation.adapters.messaging.rabbitmq.RabbitNames;
import dev.allocation.adapters.persistence.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command message that arrives while the database is away (cut through a proxy) is neither lost
 * nor dead-lettered: it is handled once the database is back.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL, matches = ".+", disabledReason = TestDatabases.POSTGRES_SKIPPED)
@EnabledIfEnvironmentVariable(named = TestBrokers.RABBITMQ_URL, matches = ".+", disabledReason = TestBrokers.RABBITMQ_SKIPPED)
class PostgresAwayRabbitMqIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String schema = TestDatabases.newSchemaName();
    private final String prefix = TestBrokers.newPrefix();

    @AfterEach
    void cleanUp() throws Exception {
        TestBrokers.deleteTopology(new RabbitNames(prefix));
        TestDatabases.dropPostgresSchema(schema);
    }

    @Test
    void aCommandThatArrivesWhileTheDatabaseIsAwayIsHandledWhenItIsBack() throws Exception {
        String url = TestDatabases.createPostgresSchema(schema);
        URI database = URI.create(url.substring("jdbc:".length()));
        RabbitNames names = new RabbitNames(prefix);
        try (TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort() < 0 ? 5432 : database.getPort());
             AllocationService service = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                     new DatabaseSettings(url.replace(database.getHost() + ":" + database.getPort(), "127.0.0.1:" + proxy.port()),
                             "", "", 2))
                     .withMessaging(new MessagingSettings(Optional.of(TestBrokers.rabbitMqUrl()), Optional.empty(), prefix)));
             Connection connection = TestBrokers.rabbitMq(); Channel channel = connection.createChannel()) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            await("consuming").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> http.get("/health").json().path("components").path("broker").asText().equals("UP"));
            assertThat(http.addBatch("b1", "LAMP", 10, null).status()).isEqualTo(201);
            String replies = channel.queueDeclare().getQueue();
            BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
            channel.basicConsume(replies, true, (tag, message) -> answers.add(JSON.readTree(message.getBody())), tag -> { });

            proxy.cut();
            channel.basicPublish(names.commands(), "allocate", new AMQP.BasicProperties.Builder().messageId("m-1")
                    .correlationId("c-1").replyTo(replies).build(),
                    "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 2}".getBytes(StandardCharsets.UTF_8));
            assertThat(answers.poll(4, TimeUnit.SECONDS)).as("no outcome while the database is away").isNull();
            assertThat(channel.basicGet(names.deadQueue(), true)).as("not dead-lettered").isNull();

            proxy.restore();
            JsonNode answer = answers.poll(40, TimeUnit.SECONDS);
            assertThat(answer).as("handled once the database is back").isNotNull();
            assertThat(answer).isEqualTo(JSON.readTree("{\"status\": 201, \"body\": {\"batchref\": \"b1\"}}"));
            assertThat(http.allocations("o1").status()).isEqualTo(200);
            assertThat(channel.basicGet(names.deadQueue(), true)).isNull();
        }
    }
}
