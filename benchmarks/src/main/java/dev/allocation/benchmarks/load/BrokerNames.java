package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The RabbitMQ names the service declares under a benchmark's {@code BROKER_NAME_PREFIX}, and a
 * consumer of the events it publishes there.
 */
final class BrokerNames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BrokerNames() {
    }

    /**
     * Consumes every {@code line_allocated} the service publishes, on a queue of its own, and notes
     * when the first of each order arrives, on {@link System#nanoTime()}'s clock.
     */
    static void recordArrivals(Channel channel, String prefix, Map<String, Long> arrivals) throws IOException {
        channel.exchangeDeclare(prefix + "allocation.events", BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, prefix + "allocation.events", "line_allocated");
        channel.basicConsume(queue, true, (tag, message) -> {
            long at = System.nanoTime();
            arrivals.putIfAbsent(JSON.readTree(message.getBody()).path("orderid").asText(), at);
        }, tag -> { });
    }

    /** Deletes them, so that a benchmark leaves nothing behind on the shared broker. */
    static void deleteAll(Channel channel, String prefix) throws IOException {
        for (String queue : List.of("allocation.commands", "allocation.commands.dead")) {
            channel.queueDelete(prefix + queue);
        }
        for (String exchange : List.of("allocation.events", "allocation.commands", "allocation.commands.dead-letter")) {
            channel.exchangeDelete(prefix + exchange);
        }
    }
}
