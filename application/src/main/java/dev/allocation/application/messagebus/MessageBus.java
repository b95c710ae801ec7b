package dev.allocation.application.messagebus;

import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.messages.LogContext;
import dev.allocation.application.port.in.CommandBus.AlreadyHandled;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.out.DatabaseUnavailable;
import dev.allocation.application.port.out.Tracing;
import dev.allocation.application.port.in.CommandBus.TooManyConflicts;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.Command;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.commands.Deallocate;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineEvent;
import dev.allocation.domain.model.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a command's handler, then delivers every event of the chain that follows.
 *
 * <p>Each handler gets a unit of work of its own. The events a handler records are stored by its
 * commit, one delivery per (event, handler), so the chain survives a crash: what this bus does not
 * finish, the {@link DeliveryRelay} does. The queue lives on the stack of {@link #handle}, so one bus
 * serves any number of threads at once.
 */
public final class MessageBus implements CommandBus {

    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

    private final UnitOfWorkFactory unitsOfWork;
    private final MessageRoutes routes;
    private final Deliveries deliveries;
    private final DeliverySequences sequences;
    private final RetryPolicy retry;
    private final DeliveryPolicy deliveryPolicy;
    private final Clock clock;
    private final BusObserver observer;
    private final Tracing tracing;

    public MessageBus(UnitOfWorkFactory unitsOfWork, MessageRoutes routes, Deliveries deliveries,
                      RetryPolicy retry, DeliveryPolicy deliveryPolicy, Clock clock) {
        this(unitsOfWork, routes, deliveries, retry, deliveryPolicy, clock, BusObserver.NONE, Tracing.NONE);
    }

    /**
     * @param observer told of each message handled and each conflict retried, for metrics
     * @param tracing  makes a span of each command handled and each delivery
     */
    public MessageBus(UnitOfWorkFactory unitsOfWork, MessageRoutes routes, Deliveries deliveries,
                      RetryPolicy retry, DeliveryPolicy deliveryPolicy, Clock clock, BusObserver observer,
                      Tracing tracing) {
        this.observer = Objects.requireNonNull(observer);
        this.tracing = Objects.requireNonNull(tracing);
        this.unitsOfWork = Objects.requireNonNull(unitsOfWork);
        this.routes = Objects.requireNonNull(routes);
        this.deliveries = Objects.requireNonNull(deliveries);
        this.sequences = new DeliverySequences(deliveries, clock);
        this.retry = Objects.requireNonNull(retry);
        this.deliveryPolicy = Objects.requireNonNull(deliveryPolicy);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public <R> R handle(Command<R> command, String correlationId) {
        return run(null, command, correlationId);
    }

    @Override
    public <R> R handleOnce(String messageId, Command<R> command, String correlationId) {
        return run(Objects.requireNonNull(messageId, "messageId"), command, correlationId);
    }

    /** Runs the command's handler, storing {@code messageId} with its change when there is one. */
    private <R> R run(String messageId, Command<R> command, String correlationId) {
        Envelope<Command<R>> received = Envelope.command(command, correlationId);
        String type = command.getClass().getSimpleName();
        Deque<Delivery> queue = new ArrayDeque<>();
        R result;
        // The command's span ends with its commit; the deliveries that follow are its children.
        try (LogContext context = LogContext.of(received);
             Tracing.Span span = tracing.start("handle " + type, null)) {
            describe(span, received, type, skuOf(command));
            Envelope<Command<R>> envelope = received.tracedBy(span.context());
            long started = System.nanoTime();
            CommandHandler<Command<R>, R> handler = routes.handlerOf(command);
            int[] tries = {0};
            try {
                result = retry.run(command, () -> {
                    if (tries[0]++ > 0) {
                        observer.conflictRetried(type);
                    }
                    try (BusUnitOfWork uow = unitsOfWork.begin(envelope)) {
                        if (messageId != null && !uow.receive(messageId)) {
                            throw new AlreadyHandled(messageId);
                        }
                        R answer = handler.handle(command, uow);
                        queue.addAll(uow.newDeliveries());
                        return answer;
                    }
                });
            } catch (ConcurrencyConflict conflict) {
                observer.handled(type, "conflict", Duration.ofNanos(System.nanoTime() - started));
                span.failed(conflict);
                throw new TooManyConflicts(conflict.sku(), conflict.getMessage(), conflict);
            } catch (RuntimeException e) {
                String outcome = outcomeOf(e);
                observer.handled(type, outcome, Duration.ofNanos(System.nanoTime() - started));
                if (outcome.equals("refused")) {
                    span.attribute("allocation.refused", e.getMessage());
                } else {
                    span.failed(e);
                }
                throw e;
            }
            observer.handled(type, "ok", Duration.ofNanos(System.nanoTime() - started));
            log.info("{} handled in {} ms: {}{}", command, (System.nanoTime() - started) / 1_000_000, result,
                    messageId == null ? "" : " (message " + messageId + ")");
        }
        deliverAll(queue);
        return result;
    }

    /**
     * Delivers a stored delivery (the relay's way in), then the chain that follows from it.
     *
     * @return false when it could not be claimed: done already, or not its turn
     */
    public boolean deliver(Delivery delivery) {
        Deque<Delivery> queue = new ArrayDeque<>();
        Optional<List<Delivery>> next = deliverOne(delivery);
        next.ifPresent(queue::addAll);
        deliverAll(queue);
        return next.isPresent();
    }

    private void deliverAll(Deque<Delivery> queue) {
        while (!queue.isEmpty()) {
            deliverOne(queue.poll()).ifPresent(queue::addAll);
        }
    }

    /**
     * Delivers one delivery, retried on conflicts. When it is behind others of its sequence, it
     * delivers those first if {@link DeliverySequences#ahead} says so, rather than leave its own to the
     * relay. A failure is recorded for the relay and does not reach the caller: what it followed from
     * has committed.
     *
     * @return the deliveries the commits stored; empty when nothing was delivered
     */
    private Optional<List<Delivery>> deliverOne(Delivery delivery) {
        Attempt attempt = attempt(delivery);
        if (attempt.claim() != BusUnitOfWork.Claim.BEHIND) {
            return attempt.next();
        }
        Optional<List<Delivery>> ahead;
        try {
            ahead = sequences.ahead(delivery);
        } catch (RuntimeException e) {
            // What it followed from has committed, so the caller must not hear of it: the relay
            // delivers this one in its turn once the database answers again.
            log.warn("Could not read what is ahead of delivery {} to {}; the relay delivers it: {}",
                    delivery.id(), delivery.handler(), e.toString());
            return Optional.empty();
        }
        if (ahead.isEmpty()) {
            return Optional.empty();
        }
        List<Delivery> next = new ArrayList<>();
        for (Delivery earlier : ahead.get()) {
            attempt(earlier).next().ifPresent(next::addAll);
        }
        Attempt again = attempt(delivery);
        again.next().ifPresent(next::addAll);
        return again.claim() == BusUnitOfWork.Claim.TAKEN ? Optional.of(next) : Optional.empty();
    }

    /** What one try at a delivery came to: how the claim went, and what its commit stored. */
    private record Attempt(BusUnitOfWork.Claim claim, Optional<List<Delivery>> next) {
    }

    private Attempt attempt(Delivery delivery) {
        Envelope<Event> event = delivery.event();
        String type = event.message().getClass().getSimpleName();
        try (LogContext context = LogContext.of(event);
             Tracing.Span span = tracing.start("deliver " + type + " to " + delivery.handler(), event.trace())) {
            describe(span, event, type, event.message().sku());
            span.attribute("allocation.handler", delivery.handler());
            if (event.message() instanceof LineEvent line) {
                span.attribute("allocation.orderid", line.orderId());
            }
            Envelope<Event> traced = event.tracedBy(span.context());
            return tryOnce(traced == event ? delivery : new Delivery(delivery.id(), delivery.handler(), traced,
                    delivery.attempts()), span);
        }
    }

    /** The span's attributes that every message has. */
    private static void describe(Tracing.Span span, Envelope<?> message, String type, String sku) {
        span.attribute("messaging.message.id", message.id())
                .attribute("allocation.message.type", type)
                .attribute("allocation.correlation_id", message.correlationId());
        if (message.causationId() != null) {
            span.attribute("allocation.causation_id", message.causationId());
        }
        if (sku != null) {
            span.attribute("allocation.sku", sku);
        }
    }

    /** The SKU a command names, where it names one. */
    private static String skuOf(Command<?> command) {
        if (command instanceof Allocate allocate) {
            return allocate.sku();
        }
        if (command instanceof CreateBatch create) {
            return create.sku();
        }
        if (command instanceof Deallocate deallocate) {
            return deallocate.sku();
        }
        return null;
    }

    /** How a command that threw came out, for {@link BusObserver#handled}. */
    private static String outcomeOf(RuntimeException e) {
        if (e instanceof DatabaseUnavailable) {
            return "unavailable";
        }
        if (e instanceof Refusal || e instanceof AlreadyHandled) {
            return "refused";
        }
        return "error";
    }

    private Attempt tryOnce(Delivery delivery, Tracing.Span span) {
        String type = delivery.event().message().getClass().getSimpleName();
        long started = System.nanoTime();
        int[] tries = {0};
        try {
            return retry.run(delivery.handler() + " of " + delivery.event().message(), () -> {
                if (tries[0]++ > 0) {
                    observer.conflictRetried(type);
                }
                try (BusUnitOfWork uow = unitsOfWork.begin(delivery.event())) {
                    BusUnitOfWork.Claim claim = uow.claim(delivery);
                    if (claim != BusUnitOfWork.Claim.TAKEN) {
                        return new Attempt(claim, Optional.empty());
                    }
                    routes.deliver(delivery.handler(), delivery.event().message(), uow);
                    uow.commit();
                    log.info("{} delivered to {}", delivery.event().message(), delivery.handler());
                    observer.handled(type, "ok", Duration.ofNanos(System.nanoTime() - started));
                    return new Attempt(claim, Optional.of(uow.newDeliveries()));
                }
            });
        } catch (RuntimeException e) {
            observer.handled(type, "failed", Duration.ofNanos(System.nanoTime() - started));
            span.failed(e);
            recordFailure(delivery, e);
            return new Attempt(BusUnitOfWork.Claim.TAKEN, Optional.empty());
        }
    }

    /**
     * A failed delivery is tried again later, until the policy gives up; one its handler refused is
     * dead at once, as a refusal comes again at every try while nothing changes, and the deliveries
     * behind it in its sequence would wait meanwhile. An operator retries it once the cause is fixed.
     */
    private void recordFailure(Delivery delivery, RuntimeException error) {
        int attempts = delivery.attempts() + 1;
        Optional<java.time.Instant> retryAt = error instanceof Refusal ? Optional.empty() : deliveryPolicy.retryAt(attempts, clock.instant());
        String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (retryAt.isPresent()) {
            log.warn("Delivery {} of {} to {} failed (attempt {}), next try at {}: {}", delivery.id(),
                    delivery.event().message(), delivery.handler(), attempts, retryAt.get(), reason);
        } else if (error instanceof Refusal) {
            log.error("Delivery {} of {} to {} is dead: its handler refused it ({})", delivery.id(),
                    delivery.event().message(), delivery.handler(), reason);
        } else {
            log.error("Delivery {} of {} to {} is dead after {} attempts", delivery.id(),
                    delivery.event().message(), delivery.handler(), attempts, error);
        }
        try {
            deliveries.failed(delivery, reason, retryAt);
        } catch (RuntimeException e) {
            // The delivery stays pending as it was; the relay tries it again when it falls due.
            log.warn("Could not record the failure of delivery {}: {}", delivery.id(), e.getMessage());
        }
    }
}
