package dev.allocation.bootstrap;

import dev.allocation.adapters.messaging.InboundCommands;
import dev.allocation.adapters.messaging.Outcome;
import dev.allocation.application.fake.Buses;
import dev.allocation.application.fake.FakeDatabase;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.bootstrap.ContractOracle.Accepted;
import dev.allocation.bootstrap.ContractOracle.Refused;
import dev.allocation.bootstrap.RawHttp.Request;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP fuzzer's bodies sent as broker messages ({@link InboundCommands}, the bus over a fake
 * database): a message is refused as a 400 exactly when the HTTP contract refuses the same body
 * ({@link ContractOracle}), with a message for people; what the contract accepts is handled.
 */
class BrokerMessagesFuzzIT {

    private final FuzzRequests requests = new FuzzRequests("bm" + UUID.randomUUID().toString().substring(0, 8));
    private final MessageRoutes registry = new Handlers(new FakeNotifications()).registry();
    private final InboundCommands commands = new InboundCommands(Buses.over(new FakeDatabase(registry), registry));
    private final AtomicLong ids = new AtomicLong();

    @Provide
    Arbitrary<Request> mutatedBodies() {
        return Arbitraries.randomValue(requests::post);
    }

    @Property(tries = 2_000, shrinking = ShrinkingMode.OFF)
    void aMessageIsRefusedExactlyWhenTheHttpContractRefusesItsBody(@ForAll("mutatedBodies") Request request) {
        // A broker message has no Content-Type to check and no 64 KiB limit: judge the body alone.
        Object verdict = ContractOracle.judge(new Request(request.method(), request.target(), Map.of(), request.body(), 0));
        String kind = new String(request.target(), StandardCharsets.US_ASCII).substring(1);
        Outcome outcome = commands.handle(kind, "m-" + ids.incrementAndGet(), "fuzz", request.body());
        String context = kind + " " + new String(request.body(), StandardCharsets.UTF_8) + "\n-> " + outcome;
        Statistics.label("outcomes").collect(kind + " " + outcome.status() + (outcome.refused() ? " refused" : ""));

        if (verdict instanceof Refused refused && refused.status() == 400) {
            assertThat(outcome.refused()).as("refused (" + refused.why() + "): " + context).isTrue();
            assertThat(outcome.status()).as(context).isEqualTo(400);
            ErrorMessages.assertNamesNoJavaClass(outcome.message(), context);
        } else if (verdict instanceof Accepted accepted) {
            if (outcome.status() == 400) {
                assertThat(outcome.message()).as("only the domain refuses what the contract accepts: " + context)
                        .isEqualTo("Invalid sku " + accepted.values().get("sku"));
            } else {
                assertThat(outcome.status()).as(context).isIn(200, 201, 202, 404, 409);
            }
        }
    }
}
