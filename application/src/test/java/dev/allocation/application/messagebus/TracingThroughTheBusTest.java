package dev.allocation.application.messagebus;

import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.RecordingTracing;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.messages.TraceContext;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.application.port.out.Tracing;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spans the bus and the publication relay make, through the tracing port: a chain is one trace
 * under the caller's span, each delivery a child of the span that recorded its event, and each event
 * sent with the context of its publication's span.
 */
class TracingThroughTheBusTest {

    private static final TraceContext CALLER = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "");

    private static final class Destination implements EventPublisher {
        final List<Envelope<Event>> received = new CopyOnWriteArrayList<>();

        @Override
        public String destination() {
            return "broker";
        }

        @Override
        public Set<Class<? extends Event>> publishes() {
            return Set.of(Allocated.class, Deallocated.class);
        }

        @Override
        public void publish(List<Envelope<Event>> events) {
            received.addAll(events);
        }
    }

    private final RecordingTracing tracing = new RecordingTracing();
    private final Destination destination = new Destination();

    private MessageBus busWith(Handlers handlers, FakeDatabase[] database) {
        MessageRoutes registry = handlers.registry(List.of(destination));
        database[0] = new FakeDatabase(registry);
        return new MessageBus(database[0], registry, database[0], RetryPolicy.DEFAULT, DeliveryPolicy.DEFAULT,
                Clock.systemUTC(), BusObserver.NONE, tracing);
    }

    private List<RecordingTracing.Recorded> named(String prefix) {
        return tracing.spans().stream().filter(span -> span.name.startsWith(prefix)).toList();
    }

    @Test
    void aShrinkAndTheReallocationItCausesAreOneTraceUnderTheCallersSpan() {
        FakeDatabase[] database = new FakeDatabase[1];
        MessageBus bus = busWith(new Handlers(sku -> { }), database);
        bus.handle(new CreateBatch("warehouse", "LAMP", 2, null));
        bus.handle(new CreateBatch("ship", "LAMP", 5, LocalDate.of(2030, 1, 1)));
        bus.handle(new Allocate("o1", "LAMP", 1));
        bus.handle(new Allocate("o2", "LAMP", 1));

        try (Tracing.Span request = tracing.start("request", CALLER)) {
            bus.handle(new ChangeBatchQuantity("warehouse", 1));
        }

        RecordingTracing.Recorded request = named("request").get(0);
        RecordingTracing.Recorded shrink = named("handle ChangeBatchQuantity").get(0);
        RecordingTracing.Recorded reallocation = named("deliver Deallocated to reallocate").get(0);
        assertThat(request.traceId).as("the caller's trace").isEqualTo(CALLER.traceId());
        assertThat(shrink.parentSpanId).isEqualTo(request.spanId);
        assertThat(shrink.traceId).isEqualTo(CALLER.traceId());
        assertThat(reallocation.parentSpanId).as("the delivery is a child of the span that recorded its event")
                .isEqualTo(shrink.spanId);
        assertThat(reallocation.attributes).containsEntry("allocation.sku", "LAMP").containsEntry("allocation.orderid", "o2")
                .containsEntry("allocation.handler", Handlers.REALLOCATE).containsEntry("allocation.message.type", "Deallocated");
        assertThat(tracing.spans()).allMatch(span -> span.ended, "every span ended");

        PublicationRelay relay = new PublicationRelay(database[0], destination, Clock.systemUTC(), "a",
                new PublicationRelay.Timing(10, 4, Duration.ZERO, Duration.ofSeconds(10), Duration.ZERO,
                        new Backoff(Duration.ZERO, Duration.ZERO)), BusObserver.NONE, tracing);
        for (int i = 0; i < 5; i++) {
            relay.step();
        }

        List<Envelope<Event>> ofTheShrink = destination.received.stream()
                .filter(event -> event.trace() != null && event.trace().traceId().equals(CALLER.traceId())).toList();
        assertThat(ofTheShrink).extracting(Envelope::message).containsExactly(
                new Deallocated("o2", "LAMP", 1, "warehouse"), new Allocated("o2", "LAMP", 1, "ship"));
        for (Envelope<Event> sent : ofTheShrink) {
            RecordingTracing.Recorded publication = tracing.span(sent.trace().traceparent().substring(36, 52));
            assertThat(publication.kind).isEqualTo(Tracing.Kind.PRODUCER);
            assertThat(publication.name).isEqualTo("publish broker");
            assertThat(publication.attributes).containsEntry("messaging.message.id", sent.id());
            assertThat(publication.ended).isTrue();
            assertThat(publication.parentSpanId).as("sent as a child of the span that recorded it")
                    .isEqualTo(sent.message() instanceof Deallocated ? shrink.spanId : reallocation.spanId);
        }
    }

    @Test
    void aCommandWithoutACallerStartsATraceOfItsOwn() {
        MessageBus bus = busWith(new Handlers(sku -> { }), new FakeDatabase[1]);

        bus.handle(new CreateBatch("warehouse", "LAMP", 2, null));

        RecordingTracing.Recorded command = named("handle CreateBatch").get(0);
        assertThat(command.parentSpanId).isNull();
        assertThat(command.attributes).containsEntry("allocation.sku", "LAMP").containsKey("messaging.message.id");
    }

    @Test
    void aFailedDeliveryMarksItsSpanWithTheError() {
        MessageBus bus = busWith(new Handlers(sku -> {
            throw new IllegalStateException("the mail server is away");
        }), new FakeDatabase[1]);
        bus.handle(new CreateBatch("warehouse", "LAMP", 1, null));

        bus.handle(new Allocate("o1", "LAMP", 5));

        RecordingTracing.Recorded notification = named("deliver OutOfStock to " + Handlers.NOTIFY_OUT_OF_STOCK).get(0);
        assertThat(notification.failure).hasMessage("the mail server is away");
        assertThat(notification.parentSpanId).isEqualTo(named("handle Allocate").get(0).spanId);
    }

    @Test
    void aRefusedCommandIsNotAFailedSpan() {
        MessageBus bus = busWith(new Handlers(sku -> { }), new FakeDatabase[1]);
        bus.handle(new CreateBatch("warehouse", "LAMP", 1, null));

        try {
            bus.handle(new CreateBatch("warehouse", "SOFA", 1, null));
        } catch (RuntimeException expected) {
            // refused: a batch of that reference exists
        }

        RecordingTracing.Recorded refused = named("handle CreateBatch").get(1);
        assertThat(refused.failure).isNull();
        assertThat(refused.attributes).containsKey("allocation.refused");
    }
}
