package dev.allocation.adapters.messaging.rabbitmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.allocation.adapters.messaging.InboundCommands;
import dev.allocation.adapters.messaging.Outcome;
import dev.allocation.application.messages.CorrelationIds;
import dev.allocation.application.port.in.CommandBus.TooManyConflicts;
import dev.allocation.application.port.in.ComponentHealth;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.DatabaseUnavailable;
import io.opentelemetry.api.OpenTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Consumes the queue {@code allocation.commands} with manual acks. A message is acknowledged only
 * after its command has committed (or it was found to have taken effect before), and after its reply
 * and, for a message that can never succeed, its dead letter have been confirmed. A passing fault
 * leaves it unacknowledged: it is handed back to the queue after a pause and handled again. So is a
 * fault of the service's own, a few times, before the message is dead-lettered.
 *
 * <p>A watcher thread connects, declares the topology and starts consuming, and does so again
 * whenever the connection is lost. It is the broker's health: up while connected.
 */
public final class RabbitCommandConsumer implements ComponentHealth, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RabbitCommandConsumer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_FAULT_PAUSE = Duration.ofSeconds(5);
    private static final int PREFETCH = 50;
    private static final long CONFIRM_TIMEOUT_MS = 10_000;
    /** How often in a row a message may meet a fault of the service's own before it is dead-lettered. */
    static final int MOST_INTERNAL_FAULTS = 5;

    private final RabbitConnections connections;
    private final RabbitNames names;
    private final InboundCommands commands;
    private final MessageSpans spans;
    private final Thread watcher;
    private final ReentrantLock handling = new ReentrantLock();
    private volatile boolean running = true;
    private volatile Connection connection;
    private volatile Channel channel;
    /** RabbitMQ cancelled the consumer on {@link #channel}, which stays open. */
    private volatile boolean cancelled;
    private volatile String consumerTag;
    private int faultsInARow;
    /** How often each message that met a fault of the service's own has met one; touched under {@link #handling}. */
    private final Map<String, Integer> internalFaults = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 1_000; // bounded, should many messages meet faults at once
        }
    };

    public RabbitCommandConsumer(RabbitConnections connections, RabbitNames names, InboundCommands commands) {
        this(connections, names, commands, OpenTelemetry.noop());
    }

    /** @param telemetry makes a span of each message, in the trace its {@code traceparent} names */
    public RabbitCommandConsumer(RabbitConnections connections, RabbitNames names, InboundCommands commands,
                                 OpenTelemetry telemetry) {
        this.spans = new MessageSpans(telemetry);
        this.connections = Objects.requireNonNull(connections);
        this.names = Objects.requireNonNull(names);
        this.commands = Objects.requireNonNull(commands);
        this.watcher = new Thread(this::watch, "rabbitmq-consumer-watcher");
        this.watcher.setDaemon(true);
    }

    public RabbitCommandConsumer start() {
        watcher.start();
        return this;
    }

    @Override
    public String component() {
        return "broker";
    }

    @Override
    public boolean up() {
        Channel current = channel;
        return current != null && current.isOpen() && !cancelled;
    }

    private void watch() {
        boolean reported = false;
        while (running) {
            if (!up()) {
                try {
                    connect();
                    log.info("Consuming {} on {}", names.commands(), connections.address());
                    reported = false;
                } catch (IOException | TimeoutException | RuntimeException e) {
                    drop();
                    if (!reported) {
                        log.warn("RabbitMQ at {} is not available; trying again every {} s: {}",
                                connections.address(), RECONNECT_PAUSE.toSeconds(), e.toString());
                        reported = true;
                    }
                }
            }
            LockSupport.parkNanos(RECONNECT_PAUSE.toNanos());
        }
    }

    private void connect() throws IOException, TimeoutException {
        drop();
        Connection opened = connections.open("allocation-service consumer");
        connection = opened;
        Channel ch = opened.createChannel();
        declareTopology(ch, names);
        ch.confirmSelect();
        ch.basicQos(PREFETCH);
        cancelled = false;
        consumerTag = ch.basicConsume(names.commands(), false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                handling.lock();
                try {
                    consume(ch, envelope, properties, body);
                } finally {
                    handling.unlock();
                }
            }

            /**
             * RabbitMQ ends the consumer but not the channel when the queue is deleted, or when its node
             * goes in a cluster: the watcher then connects again and declares the queues anew.
             */
            @Override
            public void handleCancel(String tag) {
                if (channel == ch) {
                    log.warn("RabbitMQ cancelled the consumer of {}; consuming again within {} s", names.commands(),
                            RECONNECT_PAUSE.toSeconds());
                    cancelled = true;
                }
            }
        });
        channel = ch;
    }

    /** The exchanges and queues of the commands and their dead letters; declaring them again changes nothing. */
    static void declareTopology(Channel ch, RabbitNames names) throws IOException {
        ch.exchangeDeclare(names.commands(), BuiltinExchangeType.DIRECT, true);
        ch.queueDeclare(names.commands(), true, false, false, null);
        for (String kind : InboundCommands.KINDS) {
            ch.queueBind(names.commands(), names.commands(), kind);
        }
        ch.exchangeDeclare(names.deadLetters(), BuiltinExchangeType.FANOUT, true);
        ch.queueDeclare(names.deadQueue(), true, false, false, null);
        ch.queueBind(names.deadQueue(), names.deadLetters(), "");
    }

    private void consume(Channel ch, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        // As HTTP's X-Request-Id: a correlation id of another shape is replaced by a new one.
        String correlationId = CorrelationIds.accepted(properties.getCorrelationId());
        try (MessageSpans.Handling span = spans.receive(names.commands(), envelope.getRoutingKey(), properties)) {
            Outcome outcome;
            try {
                outcome = commands.handle(envelope.getRoutingKey(), properties.getMessageId(), correlationId, body);
            } catch (DatabaseUnavailable | TooManyConflicts | ConcurrencyConflict fault) {
                span.outcome("hand back");
                handBack(ch, envelope, properties, fault);
                return;
            } catch (RuntimeException fault) {
                Optional<Outcome> given = internalFault(envelope, properties, fault);
                if (given.isEmpty()) {
                    span.outcome("hand back");
                    handBack(ch, envelope, properties, fault);
                    return;
                }
                outcome = given.get();
            }
            span.outcome(outcome.refused() ? "dead-letter" : "ack");
            faultsInARow = 0;
            if (properties.getReplyTo() != null && !properties.getReplyTo().isEmpty()) {
                reply(ch, properties, outcome);
            }
            if (outcome.refused()) {
                log.warn("Message {} ({}) dead-lettered: {}", properties.getMessageId(), envelope.getRoutingKey(), outcome.message());
                deadLetter(ch, envelope, properties, body, outcome.message());
            }
            if (properties.getReplyTo() != null || outcome.refused()) {
                ch.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
            }
            ch.basicAck(envelope.getDeliveryTag(), false);
        } catch (IOException | TimeoutException | RuntimeException e) {
            // Unacknowledged, it is delivered again once the channel is back; its id makes it take effect once.
            log.warn("Message {} stays on {} for now: {}", properties.getMessageId(), names.commands(), e.getMessage());
            RabbitConnections.closeQuietly(ch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RabbitConnections.closeQuietly(ch);
        }
    }

    /**
     * A fault of the service's own, a bug (HTTP would answer 500): the message is handed back, in case
     * the fault passes, but after {@link #MOST_INTERNAL_FAULTS} of them it is dead-lettered with the
     * fault's id in the log, so that it does not hold up the queue forever; once the bug is fixed, the
     * dead message can be re-driven.
     *
     * @return the dead letter's outcome, or empty to hand the message back
     */
    private Optional<Outcome> internalFault(Envelope envelope, AMQP.BasicProperties properties, RuntimeException fault) {
        String message = properties.getMessageId();
        int faults = internalFaults.merge(message, 1, Integer::sum);
        String id = UUID.randomUUID().toString();
        log.error("Internal error {} on message {} ({}), {} of {} attempts", id, message, envelope.getRoutingKey(),
                faults, MOST_INTERNAL_FAULTS, fault);
        if (faults < MOST_INTERNAL_FAULTS) {
            return Optional.empty();
        }
        internalFaults.remove(message);
        return Optional.of(Outcome.internalError(id, MOST_INTERNAL_FAULTS));
    }

    /** A passing fault: pause (the database may be away for a while), then return the message to the queue. */
    private void handBack(Channel ch, Envelope envelope, AMQP.BasicProperties properties, RuntimeException fault) throws IOException {
        faultsInARow++;
        long pause = Math.min(MAX_FAULT_PAUSE.toMillis(), 100L << Math.min(faultsInARow - 1, 10));
        log.warn("Message {} ({}) could not be handled now and goes back to the queue in {} ms: {}",
                properties.getMessageId(), envelope.getRoutingKey(), pause, fault.toString());
        LockSupport.parkNanos(Duration.ofMillis(pause).toNanos());
        ch.basicNack(envelope.getDeliveryTag(), false, true);
    }

    private void reply(Channel ch, AMQP.BasicProperties received, Outcome outcome) throws IOException {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", outcome.status());
        reply.put("body", outcome.body());
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .correlationId(received.getCorrelationId())
                .contentType("application/json")
                .deliveryMode(2)
                .build();
        ch.basicPublish("", received.getReplyTo(), false, properties, json(reply));
    }

    private void deadLetter(Channel ch, Envelope envelope, AMQP.BasicProperties received, byte[] body, String reason)
            throws IOException {
        Map<String, Object> headers = new HashMap<>(received.getHeaders() == null ? Map.of() : received.getHeaders());
        headers.put(RabbitDeadLetters.ERROR, reason);
        headers.put(RabbitDeadLetters.DEAD_AT, Instant.now().toString());
        headers.put(RabbitDeadLetters.DEAD_LETTER_ID, UUID.randomUUID().toString());
        // Without the sender's expiration, which would silently drop the dead letter and its reason, and
        // user_id, which RabbitMQ refuses from any other user than the sender's.
        AMQP.BasicProperties properties = received.builder().headers(headers).deliveryMode(2).expiration(null).userId(null).build();
        ch.basicPublish(names.deadLetters(), envelope.getRoutingKey(), false, properties, body);
    }

    private static byte[] json(Object value) {
        try {
            return MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    private void drop() {
        Channel ch = channel;
        channel = null;
        RabbitConnections.closeQuietly(ch);
        RabbitConnections.closeQuietly(connection);
        connection = null;
    }

    /** Stops consuming, lets the message in hand finish, and closes the connection. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(watcher);
        try {
            watcher.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Channel ch = channel;
        if (ch != null && ch.isOpen() && consumerTag != null) {
            try {
                ch.basicCancel(consumerTag);
            } catch (IOException | RuntimeException e) {
                log.debug("Could not cancel the consumer", e);
            }
        }
        handling.lock();
        try {
            drop();
        } finally {
            handling.unlock();
        }
    }
}
