package dev.allocation.benchmarks.load;

import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.List;

/** The RabbitMQ names the service declares under a benchmark's {@code BROKER_NAME_PREFIX}. */
final class BrokerNames {

    private BrokerNames() {
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
