package dev.allocation.bootstrap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import dev.allocation.adapters.messaging.rabbitmq.RabbitNames;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * The brokers of the tests, from {@value #RABBITMQ_URL} and {@value #REDIS_URL}. Each test run uses
 * names of its own ({@link #newPrefix()}), so it shares the broker with nothing, and deletes what it
 * declared.
 */
final class TestBrokers {

    static final String RABBITMQ_URL = "ALLOCATION_TEST_RABBITMQ_URL";
    static final String RABBITMQ_SKIPPED = "RabbitMQ tests need " + RABBITMQ_URL + " (e.g. amqp://guest:guest@127.0.0.1:5672/%2F)";
    static final String REDIS_URL = "ALLOCATION_TEST_REDIS_URL";
    static final String REDIS_SKIPPED = "Redis tests need " + REDIS_URL + " (e.g. redis://127.0.0.1:6379)";

    private TestBrokers() {
    }

    static String rabbitMqUrl() {
        return System.getenv(RABBITMQ_URL);
    }

    static String redisUrl() {
        return System.getenv(REDIS_URL);
    }

    static String newPrefix() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    static Connection rabbitMq() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(rabbitMqUrl());
        return factory.newConnection("allocation tests");
    }

    /** The same broker through a proxy: the URL with the proxy's port. */
    static String throughProxy(String url, TcpProxy proxy) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + Optional.ofNullable(uri.getRawUserInfo()).map(u -> u + "@").orElse("")
                + "127.0.0.1:" + proxy.port() + Optional.ofNullable(uri.getRawPath()).orElse("");
    }

    static URI uri(String url) {
        return URI.create(url);
    }

    /** What a test does with each event message the service publishes. */
    interface EventListener {
        void heard(com.rabbitmq.client.Envelope envelope, AMQP.BasicProperties properties, byte[] body);
    }

    /**
     * Hears every event published to the events exchange of these names, as a consumer of the service's
     * events would: a queue of its own, bound to every routing key, taken with automatic acks.
     */
    static void onEachEvent(Channel channel, RabbitNames names, EventListener listener) throws IOException {
        channel.exchangeDeclare(names.events(), BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, names.events(), "#");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, com.rabbitmq.client.Envelope envelope, AMQP.BasicProperties properties,
                                       byte[] body) {
                listener.heard(envelope, properties, body);
            }
        });
    }

    /** Deletes the exchanges and queues the service declared under these names. */
    static void deleteTopology(RabbitNames names) throws Exception {
        try (Connection connection = rabbitMq(); Channel channel = connection.createChannel()) {
            channel.queueDelete(names.commands());
            channel.queueDelete(names.deadQueue());
            channel.queueDelete(names.discarded());
            channel.exchangeDelete(names.commands());
            channel.exchangeDelete(names.deadLetters());
            channel.exchangeDelete(names.discarded());
            channel.exchangeDelete(names.events());
        }
    }
}
