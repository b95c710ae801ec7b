package dev.allocation.adapters.messaging.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.allocation.adapters.messaging.InboundCommands;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.out.DatabaseUnavailable;
import dev.allocation.domain.commands.Command;
import dev.allocation.domain.commands.CreateBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The command consumer against the RabbitMQ named by {@value #RABBITMQ_URL}, over a bus of the test's. */
@EnabledIfEnvironmentVariable(named = RabbitMqCommandConsumerIT.RABBITMQ_URL, matches = ".+",
        disabledReason = "RabbitMQ tests need " + RabbitMqCommandConsumerIT.RABBITMQ_URL + " (e.g. amqp://guest:guest@127.0.0.1:5672/%2F)")
class RabbitMqCommandConsumerIT {

    static final String RABBITMQ_URL = "ALLOCATION_TEST_RABBITMQ_URL";

    private final RabbitNames names = new RabbitNames("consumer-it-" + UUID.randomUUID() + ".");
    private final RabbitConnections connections = new RabbitConnections(System.getenv(RABBITMQ_URL));
    private Connection connection;
    private Channel channel;

    @BeforeEach
    void connect() throws Exception {
        connection = connections.open("consumer-it");
        channel = connection.createChannel();
    }

    @AfterEach
    void cleanUp() throws Exception {
        channel.queueDelete(names.commands());
        channel.queueDelete(names.deadQueue());
        channel.queueDelete(names.discarded());
        channel.exchangeDelete(names.commands());
        channel.exchangeDelete(names.deadLetters());
        channel.exchangeDelete(names.discarded());
        connection.close();
    }

    /** A bus that takes every add_batch, but fails on one message the first {@code times} it is sent. */
    private static final class FailingOnOne implements CommandBus {
        final List<String> handled = new CopyOnWriteArrayList<>();
        final AtomicInteger attemptsOfTheFailing = new AtomicInteger();
        final String failing;
        final int times;
        final Supplier<RuntimeException> fault;

        FailingOnOne(String failing, int times, Supplier<RuntimeException> fault) {
            this.failing = failing;
            this.times = times;
            this.fault = fault;
        }

        @Override
        public <R> R handle(Command<R> command, String correlationId) {
            throw new UnsupportedOperationException("the consumer sends each command with its message id");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R handleOnce(String messageId, Command<R> command, String correlationId) {
            if (messageId.equals(failing) && attemptsOfTheFailing.incrementAndGet() <= times) {
                throw fault.get();
            }
            handled.add(messageId);
            return (R) ((CreateBatch) command).ref();
        }
    }

    private void send(String messageId, String ref) throws Exception {
        channel.basicPublish(names.commands(), InboundCommands.ADD_BATCH, new AMQP.BasicProperties.Builder()
                        .messageId(messageId).contentType("application/json").deliveryMode(2).build(),
                ("{\"ref\": \"" + ref + "\", \"sku\": \"LAMP\", \"qty\": 10}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMessageThatMeetsAFaultOfTheServicesOwnEachTimeIsDeadLetteredAndHoldsUpNoOther() throws Exception {
        FailingOnOne bus = new FailingOnOne("m-bug", Integer.MAX_VALUE, () -> new IllegalStateException("a fault of the service's own"));
        try (RabbitCommandConsumer consumer = new RabbitCommandConsumer(connections, names, new InboundCommands(bus)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(consumer::up);
            send("m-bug", "b1");
            send("m-next", "b2");

            await().atMost(Duration.ofSeconds(30)).until(() -> bus.handled.contains("m-next"));

            AtomicReference<GetResponse> dead = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                dead.set(channel.basicGet(names.deadQueue(), true));
                return dead.get() != null;
            });
            assertThat(dead.get().getProps().getMessageId()).isEqualTo("m-bug");
            assertThat(dead.get().getProps().getHeaders().get(RabbitDeadLetters.ERROR)).asString()
                    .startsWith("Internal error ").contains("in each of " + RabbitCommandConsumer.MOST_INTERNAL_FAULTS + " attempts");
            assertThat(bus.attemptsOfTheFailing).hasValue(RabbitCommandConsumer.MOST_INTERNAL_FAULTS);
            assertThat(channel.queueDeclarePassive(names.commands()).getMessageCount()).as("left on the commands' queue").isZero();
        }
    }

    @Test
    void aMessageMetByPassingFaultsIsTriedAgainInPlaceSoAQueueThatLimitsDeliveriesKeepsIt() throws Exception {
        // The commands' queue as an operator may make it: a quorum queue that drops a message handed back more than once.
        channel.queueDeclare(names.commands(), true, false, false, Map.of("x-queue-type", "quorum", "x-delivery-limit", 1));
        FailingOnOne bus = new FailingOnOne("m-1", 4, () -> new DatabaseUnavailable("the database is away", null));
        try (RabbitCommandConsumer consumer = new RabbitCommandConsumer(connections, names, new InboundCommands(bus)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(consumer::up);
            send("m-1", "b1");

            await().atMost(Duration.ofSeconds(30)).until(() -> bus.handled.contains("m-1"));

            assertThat(bus.attemptsOfTheFailing).as("four faults, then done").hasValue(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> channel.queueDeclarePassive(names.commands()).getMessageCount() == 0
                    && channel.queueDeclarePassive(names.deadQueue()).getMessageCount() == 0);
            assertThat(bus.handled).containsExactly("m-1");
        }
    }
}
