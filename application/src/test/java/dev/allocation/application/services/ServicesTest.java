package dev.allocation.application.services;

import dev.allocation.application.port.in.AllocationsView.Allocation;
import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.application.port.in.DeliveryAdmin.Counts;
import dev.allocation.application.port.in.DeliveryAdmin.Attempt;
import dev.allocation.application.port.in.DeliveryAdmin.Entry;
import dev.allocation.application.port.in.DeliveryAdmin.Filter;
import dev.allocation.application.port.in.DeliveryAdmin.State;
import dev.allocation.application.port.in.DiscardReason;
import dev.allocation.application.port.out.DeliveryRecords;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServicesTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void anOrdersAllocationsAreListedBySku() {
        AllocationsService view = new AllocationsService(orderId -> List.of(
                new Allocation("TABLE", "b2"), new Allocation("LAMP", "b1"), new Allocation("SOFA", "b3")));

        assertThat(view.allocationsFor("o1")).extracting(Allocation::sku).containsExactly("LAMP", "SOFA", "TABLE");
    }

    /** Answers state and revive from scripts, and records what was revived and what a bulk change was given. */
    private static final class ScriptedRecords implements DeliveryRecords {

        final Deque<Optional<State>> looks = new ArrayDeque<>();
        final Deque<Long> revivals = new ArrayDeque<>();
        final List<Instant> revivedAt = new ArrayList<>();
        final List<Filter> bulk = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();

        @Override
        public Counts counts() {
            return new Counts(0, 0, 0, Optional.empty());
        }

        @Override
        public Optional<List<Entry>> list(Filter filter, Optional<String> after, int limit) {
            return Optional.of(List.of());
        }

        @Override
        public Optional<State> state(String id) {
            return looks.pop();
        }

        @Override
        public List<Attempt> attempts(String id) {
            return List.of();
        }

        @Override
        public long revive(String id, Instant now) {
            revivedAt.add(now);
            return revivals.pop();
        }

        @Override
        public long reviveAll(Filter filter, Instant now) {
            bulk.add(filter);
            return 7;
        }

        @Override
        public long discard(String id, String reason, Instant now) {
            reasons.add(reason);
            return 1;
        }

        @Override
        public long discardAll(Filter filter, String reason, Instant now) {
            bulk.add(filter);
            reasons.add(reason);
            return 3;
        }
    }

    private static DeliveryAdminService admin(ScriptedRecords records) {
        return new DeliveryAdminService(records, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aDeadDeliveryIsMadeDueNow() {
        ScriptedRecords records = new ScriptedRecords();
        records.looks.add(Optional.of(State.DEAD));
        records.revivals.add(1L);

        admin(records).retry("d1");

        assertThat(records.revivedAt).containsExactly(NOW);
    }

    @Test
    void anUnknownOrPendingDeliveryIsRefusedAndNothingChanges() {
        ScriptedRecords records = new ScriptedRecords();
        records.looks.add(Optional.empty());
        records.looks.add(Optional.of(State.PENDING));

        assertThatThrownBy(() -> admin(records).retry("gone")).isInstanceOf(DeliveryAdmin.UnknownDelivery.class);
        assertThatThrownBy(() -> admin(records).retry("busy")).isInstanceOf(DeliveryAdmin.DeliveryNotDead.class);
        assertThat(records.revivedAt).isEmpty();
    }

    @Test
    void aDeliveryRetriedMeanwhileBySomeoneElseIsNotDeadAnyMore() {
        ScriptedRecords records = new ScriptedRecords();
        records.looks.add(Optional.of(State.DEAD));
        records.revivals.add(0L);
        records.looks.add(Optional.of(State.PENDING));

        assertThatThrownBy(() -> admin(records).retry("d1")).isInstanceOf(DeliveryAdmin.DeliveryNotDead.class);
    }

    @Test
    void aBulkChangeTakesOnlyDeadDeliveriesWhateverTheFilterSays() {
        ScriptedRecords records = new ScriptedRecords();
        Filter asked = new Filter(State.PENDING, Optional.of("notify-out-of-stock"), Optional.of("LAMP"), Optional.of("timeout"),
                Optional.of(NOW));

        assertThat(admin(records).retryAll(asked)).isEqualTo(7);
        assertThat(admin(records).discardAll(asked, "  the customer cancelled ")).isEqualTo(3);

        Filter dead = new Filter(State.DEAD, asked.handler(), asked.sku(), asked.errorContains(), asked.recordedBefore());
        assertThat(records.bulk).containsExactly(dead, dead);
        assertThat(records.reasons).containsExactly("the customer cancelled");
    }

    @Test
    void aDiscardedDeliveryIsNeitherRetriedNorDiscardedAgainAndADiscardNeedsAReason() {
        ScriptedRecords records = new ScriptedRecords();
        records.looks.add(Optional.of(State.DISCARDED));
        records.looks.add(Optional.of(State.DISCARDED));

        assertThatThrownBy(() -> admin(records).retry("d1")).isInstanceOf(DeliveryAdmin.DeliveryNotDead.class)
                .hasMessage("Delivery d1 was discarded: it is never tried again");
        assertThatThrownBy(() -> admin(records).discard("d1", "again")).isInstanceOf(DeliveryAdmin.DeliveryNotDead.class);
        assertThatThrownBy(() -> admin(records).discardAll(Filter.of(State.DEAD), " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin(records).discardAll(Filter.of(State.DEAD), "x".repeat(DiscardReason.MOST_CHARS + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 2000 characters");
        assertThat(records.revivedAt).isEmpty();
        assertThat(records.reasons).isEmpty();
    }
}
