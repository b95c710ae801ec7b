package dev.allocation.adapters.messaging.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.allocation.adapters.messaging.InboundCommands;
import dev.allocation.application.port.out.DeadLetters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The dead letters where {@link RabbitCommandConsumer} puts them, the queue {@code allocation.commands.dead},
 * and those an operator discarded, the queue {@code allocation.commands.discarded}. A classic queue
 * cannot be read in place, so each operation does what RabbitMQ's management UI does: it takes the
 * messages waiting without acknowledging them, and closing its channel puts back, in their places, those
 * it did not acknowledge. A message re-driven is published to {@code allocation.commands} as it first
 * came (only with a routing key the commands' exchange routes: another would be dropped), and
 * acknowledged (removed) only once RabbitMQ has confirmed that; a message discarded is published to
 * the discarded ones with the reason, under the routing key it came with, and then acknowledged. One
 * operation at a time in this process: two would each see only part of the queue.
 */
public final class RabbitDeadLetters implements DeadLetters, AutoCloseable {

    /** Set by the consumer as it dead-letters a message: why, when, and the dead letter's own id. */
    static final String ERROR = "x-error";
    static final String DEAD_AT = "x-dead-at";
    static final String DEAD_LETTER_ID = "x-dead-letter-id";
    /** Set on a message discarded by an operator. */
    static final String DISCARD_REASON = "x-discard-reason";
    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private final RabbitConnections connections;
    private final RabbitNames names;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    /** The connection the exchanges and queues were last declared on; null after a failure, to declare them again. */
    private volatile Connection declaredOn;
    private final Map<Shelf, Long> lastCounts = new ConcurrentHashMap<>();

    public RabbitDeadLetters(RabbitConnections connections, RabbitNames names) {
        this.connections = connections;
        this.names = names;
    }

    /**
     * A passive look at the queue's length, on a channel of its own. RabbitMQ counts only the messages
     * no one holds, so while an operation of this process holds them, the count taken before it stands.
     */
    @Override
    public long count(Shelf shelf) {
        if (lock.isLocked()) {
            return lastCounts.getOrDefault(shelf, 0L);
        }
        Channel channel = null;
        try {
            channel = declared(connection().createChannel());
            long count = channel.queueDeclarePassive(queue(shelf)).getMessageCount();
            lastCounts.put(shelf, count);
            return count;
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            declaredOn = null; // a queue deleted meanwhile, say
            throw new Unavailable("RabbitMQ's dead letters could not be counted: " + e.getMessage(), e);
        } finally {
            RabbitConnections.closeQuietly(channel);
        }
    }

    @Override
    public List<DeadLetter> browse(Shelf shelf, int max) {
        return withChannel(channel -> taken(channel, queue(shelf), max).stream().map(this::read).toList());
    }

    private String queue(Shelf shelf) {
        return shelf == Shelf.DEAD ? names.deadQueue() : names.discarded();
    }

    /** The channel, once the exchanges and queues are there on its connection (a discard needs its exchange). */
    private synchronized Channel declared(Channel channel) throws IOException {
        if (declaredOn != channel.getConnection()) {
            RabbitCommandConsumer.declareTopology(channel, names);
            declaredOn = channel.getConnection();
        }
        return channel;
    }

    @Override
    public int redrive(Predicate<DeadLetter> which, int max) {
        return withChannel(channel -> {
            channel.confirmSelect();
            List<Long> picked = new ArrayList<>();
            for (GetResponse message : taken(channel, names.deadQueue(), max)) {
                DeadLetter letter = read(message);
                if (letter.redrivable() && which.test(letter)) {
                    channel.basicPublish(names.commands(), kind(message), false, asFirstSent(message.getProps()), message.getBody());
                    picked.add(message.getEnvelope().getDeliveryTag());
                }
            }
            return confirmedAndRemoved(channel, picked);
        });
    }

    @Override
    public int discard(Predicate<DeadLetter> which, String reason, int max) {
        return withChannel(channel -> {
            channel.confirmSelect();
            List<Long> picked = new ArrayList<>();
            for (GetResponse message : taken(channel, names.deadQueue(), max)) {
                if (which.test(read(message))) {
                    Map<String, Object> headers = new HashMap<>(headers(message.getProps()));
                    headers.put(DISCARD_REASON, reason);
                    // Under the routing key it came with: its kind stays known.
                    channel.basicPublish(names.discarded(), kind(message), false,
                            message.getProps().builder().headers(headers).build(), message.getBody());
                    picked.add(message.getEnvelope().getDeliveryTag());
                }
            }
            return confirmedAndRemoved(channel, picked);
        });
    }

    /** The messages waiting in the queue when it starts, at most {@code max}: not those it puts back meanwhile. */
    private List<GetResponse> taken(Channel channel, String queue, int max) throws IOException {
        int waiting = channel.queueDeclarePassive(queue).getMessageCount();
        List<GetResponse> taken = new ArrayList<>();
        for (int i = 0; i < Math.min(waiting, max); i++) {
            GetResponse message = channel.basicGet(queue, false);
            if (message == null) {
                break;
            }
            taken.add(message);
        }
        return taken;
    }

    private static int confirmedAndRemoved(Channel channel, List<Long> picked)
            throws IOException, InterruptedException, TimeoutException {
        if (picked.isEmpty()) {
            return 0;
        }
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        for (long tag : picked) {
            channel.basicAck(tag, false);
        }
        return picked.size();
    }

    private DeadLetter read(GetResponse message) {
        AMQP.BasicProperties properties = message.getProps();
        Map<String, Object> headers = headers(properties);
        return new DeadLetter(id(message, headers), properties.getMessageId(), kind(message), new String(message.getBody(), StandardCharsets.UTF_8),
                text(headers.get(ERROR)), deadAt(headers, properties), properties.getCorrelationId(),
                text(headers.get(DISCARD_REASON)), InboundCommands.KINDS.contains(kind(message)));
    }

    /**
     * The id the consumer gave it as it dead-lettered it; for one without (dead-lettered by an older
     * release), an id made from what it holds, so that it too is the same at every look.
     */
    private static String id(GetResponse message, Map<String, Object> headers) {
        String id = text(headers.get(DEAD_LETTER_ID));
        if (id != null) {
            return id;
        }
        byte[] about = String.join("\n", kind(message), String.valueOf(message.getProps().getMessageId()),
                String.valueOf(headers.get(DEAD_AT)), String.valueOf(message.getProps().getTimestamp()), "").getBytes(StandardCharsets.UTF_8);
        byte[] whole = new byte[about.length + message.getBody().length];
        System.arraycopy(about, 0, whole, 0, about.length);
        System.arraycopy(message.getBody(), 0, whole, about.length, message.getBody().length);
        return UUID.nameUUIDFromBytes(whole).toString();
    }

    /** The routing key it was sent to the commands with: the dead-letter exchange keeps it. */
    private static String kind(GetResponse message) {
        return message.getEnvelope().getRoutingKey();
    }

    /** The properties it first came with: without what dead-lettering and discarding added. */
    private static AMQP.BasicProperties asFirstSent(AMQP.BasicProperties dead) {
        Map<String, Object> headers = new HashMap<>(headers(dead));
        headers.remove(ERROR);
        headers.remove(DEAD_AT);
        headers.remove(DEAD_LETTER_ID);
        headers.remove(DISCARD_REASON);
        return dead.builder().headers(headers).build();
    }

    private static Instant deadAt(Map<String, Object> headers, AMQP.BasicProperties properties) {
        String at = text(headers.get(DEAD_AT));
        if (at != null) {
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException e) {
                // not ours: fall back on the message's own timestamp
            }
        }
        return properties.getTimestamp() == null ? null : properties.getTimestamp().toInstant();
    }

    private static Map<String, Object> headers(AMQP.BasicProperties properties) {
        return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
    }

    private static String text(Object header) {
        return header == null ? null : header.toString();
    }

    private interface Work<T> {
        T on(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    private <T> T withChannel(Work<T> work) {
        lock.lock();
        Channel channel = null;
        try {
            channel = declared(connection().createChannel());
            return work.on(channel);
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            declaredOn = null; // a queue deleted meanwhile, say
            throw new Unavailable("RabbitMQ's dead letters could not be read or changed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for RabbitMQ", e);
        } finally {
            // Puts back every message taken and not acknowledged, in its place.
            RabbitConnections.closeQuietly(channel);
            lock.unlock();
        }
    }

    private synchronized Connection connection() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            connection = connections.open("allocation-dead-letters");
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        RabbitConnections.closeQuietly(connection);
    }
}
