package dev.allocation.application.services;

import dev.allocation.application.port.in.AllocationsView.Allocation;
import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.application.port.in.DeliveryAdmin.Counts;
import dev.allocation.application.port.in.DeliveryAdmin.Entry;
import dev.allocation.application.port.in.DeliveryAdmin.State;
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

    /** Answers isDead and revive from scripts, and records what was revived. */
    private static final class ScriptedRecords implements DeliveryRecords {

        final Deque<Optional<Boolean>> looks = new ArrayDeque<>();
        final Deque<Boolean> revivals = new ArrayDeque<>();
        final List<Instant> revivedAt = new ArrayList<>();

        @Override
        public Counts counts() {
            return new Counts(0, 0, Optional.empty());
        }

        @Override
        public List<Entry> list(State state, int limit) {
            return List.of();
        }

        @Override
        public Optional<Boolean> isDead(String id) {
            return looks.pop();
        }

        @Override
        public boolean revive(String id, Instant now) {
            revivedAt.add(now);
            return revivals.pop();
        }
    }

    private static DeliveryAdminService admin(ScriptedRecords records) {
        return new DeliveryAdminService(records, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aDeadDeliveryIsMadeDueNow() {
        ScriptedRecords records = new ScriptedRecords();
        records.looks.add(Optional.of(true));
        records.revivals.add(true);

        admin(records).retry("d1");

        assertThat(records.revivedAt).containsExactly(NOW);
    }

    @Test
    void anUnknownOrPendingDeliveryIsRefusedAndNothingChanges() {
        ScriptedRecords records = new ScriptedRecords();
        records.looks.add(Optional.empty());
        records.looks.add(Optional.of(false));

        assertThatThrownBy(() -> admin(records).retry("gone")).isInstanceOf(DeliveryAdmin.UnknownDelivery.class);
        assertThatThrownBy(() -> admin(records).retry("busy")).isInstanceOf(DeliveryAdmin.DeliveryNotDead.class);
        assertThat(records.revivedAt).isEmpty();
    }

    @Test
    void aDeliveryRetriedMeanwhileBySomeoneElseIsNotDeadAnyMore() {
        ScriptedRecords records = new ScriptedRecords();
        records.looks.add(Optional.of(true));
        records.revivals.add(false);
        records.looks.add(Optional.of(false));

        assertThatThrownBy(() -> admin(records).retry("d1")).isInstanceOf(DeliveryAdmin.DeliveryNotDead.class);
    }
}
