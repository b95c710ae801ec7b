// Talks to the allocation service through RabbitMQ, with the Java client inside the service's jar:
//
//   java -cp bootstrap/target/allocation-service.jar docs/examples/Broker.java events
//   java -cp bootstrap/target/allocation-service.jar docs/examples/Broker.java send allocate m-1 '{"orderid": "o1", "sku": "RED-CHAIR", "qty": 3}'
//
// "events" prints every event the service publishes; "send" sends a command with a message id and
// prints the service's reply. RABBITMQ_URL picks the broker (amqp://guest:guest@127.0.0.1:5672/%2F),
// and BROKER_NAME_PREFIX the names, as they do for the service.

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

public class Broker {

    public static void main(String[] args) throws Exception {
        String prefix = System.getenv().getOrDefault("BROKER_NAME_PREFIX", "");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"));
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            if (args.length == 1 && args[0].equals("events")) {
                channel.exchangeDeclare(prefix + "allocation.events", BuiltinExchangeType.TOPIC, true);
                String queue = channel.queueDeclare().getQueue(); // exclusive, gone when this stops
                channel.queueBind(queue, prefix + "allocation.events", "#");
                channel.basicConsume(queue, true, (tag, message) -> System.out.println(
                        message.getEnvelope().getRoutingKey() + " " + message.getProperties().getMessageId() + " "
                                + new String(message.getBody(), StandardCharsets.UTF_8)), tag -> { });
                Thread.currentThread().join();
            } else if (args.length == 4 && args[0].equals("send")) {
                String replies = channel.queueDeclare().getQueue();
                BlockingQueue<String> reply = new ArrayBlockingQueue<>(1);
                channel.basicConsume(replies, true, (tag, message) ->
                        reply.add(new String(message.getBody(), StandardCharsets.UTF_8)), tag -> { });
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .messageId(args[2]).correlationId(args[2]).replyTo(replies).contentType("application/json")
                        .deliveryMode(2).build();
                channel.basicPublish(prefix + "allocation.commands", args[1], properties, args[3].getBytes(StandardCharsets.UTF_8));
                String answer = reply.poll(10, TimeUnit.SECONDS);
                System.out.println(answer == null ? "no reply within 10 s: is the service running with RABBITMQ_URL?" : answer);
            } else {
                System.err.println("usage: Broker events | Broker send <add_batch|allocate|change_batch_quantity> <message-id> <json>");
                System.exit(2);
            }
        }
    }
}
