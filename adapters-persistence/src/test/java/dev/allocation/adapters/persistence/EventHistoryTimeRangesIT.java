package dev.allocation.adapters.persistence;

import dev.allocation.adapters.persistence.messages.EventJson;
import dev.allocation.adapters.persistence.messages.StoredHistory;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Event;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time ranges of the history are found by bisecting the order of recording, which follows the
 * recorded times only nearly: a commit may take its time before another that is written first. With
 * such an inversion in the rows, a range and a retention still take exactly the events of their times.
 */
class EventHistoryTimeRangesIT {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.h2();

    /** Rows written in this order, at these seconds after T0: 5 comes after 10. */
    private static final int[] SECONDS = {0, 10, 5, 20, 180};

    private EventHistory historyWithRows() {
        Jdbi jdbi = Jdbi.create(database.dataSource());
        jdbi.useTransaction(handle -> {
            for (int seconds : SECONDS) {
                Envelope<Event> event = new Envelope<>("e" + seconds, "c", null, null, T0.plusSeconds(seconds),
                        new Allocated("o" + seconds, "LAMP", 1, "b1"));
                StoredHistory.insert(handle, List.of(event), new EventJson.Payloads());
            }
        });
        return database.jdbi().eventHistory();
    }

    private static List<String> ids(List<EventHistory.Stored> stored) {
        return stored.stream().map(s -> s.event().id()).toList();
    }

    @Test
    void aRangeTakesTheEventsOfItsTimesInTheOrderTheyWereWritten() {
        EventHistory history = historyWithRows();

        assertThat(ids(history.recordedBetween(T0.plusSeconds(4), T0.plusSeconds(15), Optional.empty(), -1, 10)))
                .containsExactly("e10", "e5");
        assertThat(ids(history.recordedBetween(T0.plusSeconds(6), T0.plusSeconds(180), Optional.empty(), -1, 10)))
                .containsExactly("e10", "e20");
        assertThat(ids(history.recordedBetween(T0.plusSeconds(181), T0.plusSeconds(999), Optional.empty(), -1, 10))).isEmpty();
        assertThat(ids(history.recordedBetween(T0.minusSeconds(999), T0, Optional.empty(), -1, 10))).isEmpty();
    }

    @Test
    void retentionTakesEveryOlderEventAndNoNewerOneWhateverTheirOrder() {
        EventHistory history = historyWithRows();

        assertThat(history.forgetBefore(T0.plusSeconds(7), 100)).isEqualTo(2);

        assertThat(ids(history.recordedBetween(T0.minusSeconds(999), T0.plusSeconds(999), Optional.empty(), -1, 10)))
                .containsExactly("e10", "e20", "e180");
    }
}
