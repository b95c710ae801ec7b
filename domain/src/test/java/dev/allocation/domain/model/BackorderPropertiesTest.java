package dev.allocation.domain.model;

import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.StockFreed;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any sequence of adding batches, allocating (with or without a backorder), changing a batch's
 * quantity up or down and releasing lines, with the chain settled after each step as its handlers do
 * (a line taken back is allocated again or waits; stock freed fills the waiting lines):
 * <ul>
 *   <li>no batch is over its quantity;</li>
 *   <li>every accepted line is exactly one of allocated, waiting or released;</li>
 *   <li>no waiting line would fit a batch.</li>
 * </ul>
 */
class BackorderPropertiesTest {

    private static final String SKU = "PROP";

    sealed interface Step permits AddBatch, AllocateLine, ChangeQty, Release {
    }

    record AddBatch(String ref, int qty, LocalDate eta) implements Step {
    }

    record AllocateLine(String orderId, int qty, boolean backorder) implements Step {
    }

    record ChangeQty(String ref, int qty) implements Step {
    }

    record Release(String orderId) implements Step {
    }

    /** What the model expects of one order's line. */
    enum Expected { HELD, RELEASED }

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<String> refs = Arbitraries.of("b1", "b2", "b3", "b4");
        Arbitrary<String> orders = Arbitraries.strings().withChars("abcdef").ofLength(2);
        Arbitrary<LocalDate> etas = Arbitraries.of(LocalDate.of(2030, 1, 1), LocalDate.of(2030, 2, 1)).injectNull(0.4);
        return Arbitraries.oneOf(
                Combinators.combine(refs, Arbitraries.integers().between(1, 30), etas).as(AddBatch::new),
                Combinators.combine(orders, Arbitraries.integers().between(1, 12), Arbitraries.of(true, true, false))
                        .as(AllocateLine::new),
                Combinators.combine(refs, Arbitraries.integers().between(0, 40)).as(ChangeQty::new),
                orders.map(Release::new));
    }

    @Property(tries = 500)
    void batchesHoldTheirQuantityEveryLineIsInOnePlaceAndNothingThatFitsWaits(
            @ForAll @Size(max = 80) List<@From("steps") Step> steps) {
        Product product = new Product(SKU);
        Map<String, Expected> expected = new HashMap<>();
        for (Step step : steps) {
            try {
                apply(product, step, expected);
            } catch (DuplicateBatch | ConflictingOrderLine | NoSuchLine refused) {
                // refused steps change nothing; the invariants below still hold
            }
            settle(product);
            check(product, expected);
        }
    }

    private static void apply(Product product, Step step, Map<String, Expected> expected) {
        if (step instanceof AddBatch add) {
            product.addBatch(add.ref(), add.qty(), add.eta());
        } else if (step instanceof AllocateLine allocate) {
            AllocationOutcome outcome = product.allocate(new OrderLine(allocate.orderId(), SKU, allocate.qty()),
                    allocate.backorder());
            if (!(outcome instanceof AllocationOutcome.NoStock)) {
                expected.put(allocate.orderId(), Expected.HELD);
            }
        } else if (step instanceof ChangeQty change) {
            if (product.batch(change.ref()).isPresent()) {
                product.changeBatchQuantity(change.ref(), change.qty());
            }
        } else if (step instanceof Release release) {
            product.deallocate(release.orderId());
            expected.put(release.orderId(), Expected.RELEASED);
        }
    }

    /** What the handlers do with the events, until none is left. */
    private static void settle(Product product) {
        Deque<Event> pending = new ArrayDeque<>(product.pullEvents());
        while (!pending.isEmpty()) {
            Event event = pending.poll();
            if (event instanceof Deallocated taken) {
                product.allocate(new OrderLine(taken.orderId(), SKU, taken.qty()), true);
            } else if (event instanceof StockFreed) {
                product.allocateBackorders(2); // small steps, as the handler takes larger ones
            }
            pending.addAll(product.pullEvents());
        }
    }

    private static void check(Product product, Map<String, Expected> expected) {
        assertThat(product.batches()).allSatisfy(batch -> {
            assertThat(batch.availableQuantity()).as("available in %s", batch).isGreaterThanOrEqualTo(0);
            assertThat(batch.allocatedQuantity()).isLessThanOrEqualTo(batch.purchasedQuantity());
        });
        expected.forEach((orderId, state) -> {
            long inBatches = product.batches().stream().filter(b -> b.allocationFor(orderId).isPresent()).count();
            boolean waiting = product.backorders().find(orderId).isPresent();
            if (state == Expected.HELD) {
                assertThat(inBatches + (waiting ? 1 : 0)).as("places holding %s", orderId).isEqualTo(1);
            } else {
                assertThat(inBatches).as("batches holding released %s", orderId).isZero();
                assertThat(waiting).as("released %s waiting", orderId).isFalse();
            }
        });
        List<OrderLine> waiting = ((BackorderList) product.backorders()).all();
        int largest = product.batches().stream().mapToInt(Batch::availableQuantity).max().orElse(0);
        assertThat(waiting).as("waiting lines that would fit %s", largest).allSatisfy(line -> assertThat(line.qty()).isGreaterThan(largest));
        assertThat(product.backorders().lines()).isEqualTo(waiting.size());
        assertThat(product.backorders().quantity()).isEqualTo(waiting.stream().mapToLong(OrderLine::qty).sum());
    }
}
