package dev.allocation.adapters.persistence;

import dev.allocation.application.fake.RecordingTracing;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.BusObserver;
import dev.allocation.application.messagebus.DeliveryPolicy;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.RetryPolicy;
import dev.allocation.domain.commands.CreateBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Each commit is a span, named for how it commits, a child of the handler's span. */
class H2CommitSpansIT {

    @RegisterExtension
    final DatabaseExtension grouped = DatabaseExtension.h2(true);
    @RegisterExtension
    final DatabaseExtension oneByOne = DatabaseExtension.h2(false);

    private static RecordingTracing handleOne(DatabaseExtension database) {
        RecordingTracing tracing = new RecordingTracing();
        MessageRoutes handlers = new Handlers(sku -> { }).registry();
        MessageBus bus = new MessageBus(database.jdbi().unitsOfWork(handlers, true, tracing), handlers,
                database.jdbi().deliveries(), RetryPolicy.DEFAULT, DeliveryPolicy.DEFAULT, Clock.systemUTC(),
                BusObserver.NONE, tracing);
        bus.handle(new CreateBatch("b1", "LAMP", 10, null));
        return tracing;
    }

    @Test
    void withGroupCommitACommitIsAGroupCommitSpan() {
        RecordingTracing tracing = handleOne(grouped);

        RecordingTracing.Recorded command = tracing.spans().get(0);
        assertThat(tracing.spans()).extracting(span -> span.name).containsExactly("handle CreateBatch", "group commit");
        assertThat(tracing.spans().get(1).parentSpanId).isEqualTo(command.spanId);
        assertThat(tracing.spans().get(1).attributes).containsEntry("allocation.events", "0");
    }

    @Test
    void withoutItEachCommitIsACommitSpan() {
        RecordingTracing tracing = handleOne(oneByOne);

        assertThat(tracing.spans()).extracting(span -> span.name).containsExactly("handle CreateBatch", "commit");
    }
}
