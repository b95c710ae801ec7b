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
 * and, for a message that can never succeed, its dead letter have been confirmed. After a passing
 * fault it is handled again in place, after a pause; after a fault of the service's own, a few times,
 * before it is dead-lettered (see {@link #handleUntilDone}).
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
    /** How many times a message may meet a fault of the service's own before it is dead-lettered. */
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
        declareQueue(ch, names.commands(), null);
        for (String kind : InboundCommands.KINDS) {
            ch.queueBind(names.commands(), names.commands(), kind);
        }
        ch.exchangeDeclare(names.deadLetters(), BuiltinExchangeType.FANOUT, true);
        declareDeadQueue(ch, names);
        ch.queueBind(names.deadQueue(), names.deadLetters(), "");
        ch.exchangeDeclare(names.discarded(), BuiltinExchangeType.FANOUT, true);
        declareQueue(ch, names.discarded(), Map.of("x-queue-type", "classic"));
        ch.queueBind(names.discarded(), names.discarded(), "");
    }

    /**
     * The dead letters' queue, a classic one (as the discarded ones' is): {@link RabbitDeadLetters}
     * reads it by taking messages and returning those it does not act on, and a quorum queue (the
     * default type of some virtual hosts) before RabbitMQ 4.3 counts each return as a delivery, so its
     * delivery limit would drop dead letters that had only been listed.
     */
    static void declareDeadQueue(Channel ch, RabbitNames names) throws IOException {
        declareQueue(ch, names.deadQueue(), Map.of("x-queue-type", "classic"));
    }

    /**
     * Declares a durable queue, unless it exists: one that does is used as it is, whatever its type and
     * arguments (a quorum queue an operator made, say), as RabbitMQ refuses to declare a queue again
     * with other arguments than it has.
     *
     * @param arguments null for none: the virtual host's default type
     */
    static void declareQueue(Channel ch, String queue, Map<String, Object> arguments) throws IOException {
        Channel probe = ch.getConnection().createChannel();
        try {
            probe.queueDeclarePassive(queue);
            return;
        } catch (IOException notThere) {
            // RabbitMQ closed the probe's channel with a 404: the queue is declared below.
        } finally {
            RabbitConnections.closeQuietly(probe);
        }
        ch.queueDeclare(queue, true, false, false, arguments);
    }

    private void consume(Channel ch, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        // As HTTP's X-Request-Id: a correlation id of another shape is replaced by a new one.
        String correlationId = CorrelationIds.accepted(properties.getCorrelationId());
        try (MessageSpans.Handling span = spans.receive(names.commands(), envelope.getRoutingKey(), properties)) {
            Optional<Outcome> handled = handleUntilDone(ch, envelope, properties, correlationId, body);
            if (handled.isEmpty()) {
                span.outcome("left on the queue");
                return;
            }
            Outcome outcome = handled.get();
            span.outcome(outcome.refused() ? "dead-letter" : "ack");
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
     * Handles the message, and after a passing fault (the database away, too many conflicts) tries
     * again in place, with pauses from 0.1 s doubling to {@link #MAX_FAULT_PAUSE}, until it is done.
     * It is not handed back to the queue meanwhile: a queue with a delivery limit (a quorum queue's)
     * would drop a message handed back that often. A fault of the service's own, a bug (HTTP would
     * answer 500), is tried {@link #MOST_INTERNAL_FAULTS} times, and then the message is dead-lettered
     * with the fault's id in the log, rather than hold up the queue; once the bug is fixed, it can be
     * re-driven.
     *
     * @return empty when the consumer stops or its channel closes meanwhile: unacknowledged, the
     *         message goes back to the queue
     */
    private Optional<Outcome> handleUntilDone(Channel ch, Envelope envelope, AMQP.BasicProperties properties,
                                              String correlationId, byte[] body) {
        int internalFaults = 0;
        for (int attempt = 1; ; attempt++) {
            RuntimeException fault;
            try {
                return Optional.of(commands.handle(envelope.getRoutingKey(), properties.getMessageId(), correlationId, body));
            } catch (DatabaseUnavailable | TooManyConflicts | ConcurrencyConflict passing) {
                fault = passing;
            } catch (RuntimeException internal) {
                String id = UUID.randomUUID().toString();
                log.error("Internal error {} on message {} ({}), {} of {} attempts", id, properties.getMessageId(),
                        envelope.getRoutingKey(), ++internalFaults, MOST_INTERNAL_FAULTS, internal);
                if (internalFaults == MOST_INTERNAL_FAULTS) {
                    return Optional.of(Outcome.internalError(id, MOST_INTERNAL_FAULTS));
                }
                fault = internal;
            }
            long pause = Math.min(MAX_FAULT_PAUSE.toMillis(), 100L << Math.min(attempt - 1, 10));
            if (attempt == 1 || attempt % 12 == 0) { // then about once a minute
                log.warn("Message {} ({}) could not be handled now ({} attempts); trying again in {} ms: {}",
                        properties.getMessageId(), envelope.getRoutingKey(), attempt, pause, fault.toString());
            }
            LockSupport.parkNanos(Duration.ofMillis(pause).toNanos());
            if (!running || !ch.isOpen()) {
                return Optional.empty();
            }
        }
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
