package dev.allocation.domain.model;

import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.OutOfStock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any sequence of add-batch, allocate and change-quantity steps on one product, with every line
 * taken back allocated again as the reallocation handler does: no batch is ever over its quantity,
 * and every line taken back ends allocated again or reported out of stock.
 */
class ProductPropertiesTest {

    private static final String SKU = "PROP";

    sealed interface Step permits AddBatch, AllocateLine, ChangeQty {
    }

    record AddBatch(String ref, int qty, LocalDate eta) implements Step {
    }

    record AllocateLine(String orderId, int qty) implements Step {
    }

    record ChangeQty(String ref, int qty) implements Step {
    }

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<String> refs = Arbitraries.of("b1", "b2", "b3", "b4");
        Arbitrary<LocalDate> etas = Arbitraries.of(LocalDate.of(2030, 1, 1), LocalDate.of(2030, 2, 1))
                .injectNull(0.4);
        return Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(refs, Arbitraries.integers().between(1, 30), etas).as(AddBatch::new),
                net.jqwik.api.Combinators.combine(Arbitraries.strings().withChars("abcdefgh").ofLength(2),
                        Arbitraries.integers().between(1, 12)).as(AllocateLine::new),
                net.jqwik.api.Combinators.combine(refs, Arbitraries.integers().between(0, 30)).as(ChangeQty::new));
    }

    @Property(tries = 500)
    void noBatchIsOverItsQuantityAndNoLineTakenBackIsForgotten(@ForAll @Size(max = 60) List<@net.jqwik.api.From("steps") Step> steps) {
        Product product = new Product(SKU);
        for (Step step : steps) {
            try {
                if (step instanceof AddBatch add) {
                    product.addBatch(add.ref(), add.qty(), add.eta());
                } else if (step instanceof AllocateLine allocate) {
                    product.allocate(new OrderLine(allocate.orderId(), SKU, allocate.qty()));
                } else if (step instanceof ChangeQty change && product.batch(change.ref()).isPresent()) {
                    product.changeBatchQuantity(change.ref(), change.qty());
                }
            } catch (DuplicateBatch | ConflictingOrderLine refused) {
                // refused steps change nothing; the invariants below still hold
            }
            reallocateEveryLineTakenBack(product);
            assertThat(product.batches()).allSatisfy(batch -> {
                assertThat(batch.availableQuantity()).as("available in %s", batch).isGreaterThanOrEqualTo(0);
                assertThat(batch.allocatedQuantity()).isLessThanOrEqualTo(batch.purchasedQuantity());
            });
        }
    }

    /** What the reallocation handler does: each line taken back is allocated again, in order. */
    private static void reallocateEveryLineTakenBack(Product product) {
        Deque<Event> pending = new ArrayDeque<>(product.pullEvents());
        while (!pending.isEmpty()) {
            if (pending.poll() instanceof Deallocated taken) {
                OrderLine line = new OrderLine(taken.orderId(), taken.sku(), taken.qty());
                product.allocate(line);
                List<Event> outcome = product.pullEvents();
                assertThat(outcome).as("the outcome of allocating %s again", line).hasSize(1);
                assertThat(outcome.get(0)).satisfiesAnyOf(
                        e -> assertThat(e).isEqualTo(new OutOfStock(SKU, line.orderId(), line.qty())),
                        e -> assertThat(e).isInstanceOfSatisfying(Allocated.class,
                                a -> assertThat(a.orderId()).isEqualTo(line.orderId())));
                if (outcome.get(0) instanceof Allocated allocated) {
                    assertThat(product.batch(allocated.batchRef()).orElseThrow().availableQuantity()).isGreaterThanOrEqualTo(0);
                }
            }
        }
    }
}
