package dev.allocation.application.services;

import dev.allocation.application.fake.FakeDeadLetters;
import dev.allocation.application.port.in.DeadCommandAdmin;
import dev.allocation.application.port.in.DeadCommandAdmin.Filter;
import dev.allocation.application.port.in.DeadCommandAdmin.State;
import dev.allocation.application.port.out.DeadLetters.DeadLetter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadCommandAdminServiceTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final FakeDeadLetters letters = new FakeDeadLetters()
            .add(letter("m-1", "allocate", "Invalid sku LAMP", 0))
            .add(letter("m-2", "add_batch", "Batch b1 already exists", 60))
            .add(letter("m-3", "allocate", "Invalid sku SOFA", 120))
            .add(letter("m-4", "allocate", "Unknown batch b9", 180));
    private final DeadCommandAdmin admin = new DeadCommandAdminService(letters);

    private static DeadLetter letter(String id, String kind, String error, int secondsAfterT0) {
        return new DeadLetter("dl-" + id, id, kind, "{}", error, T0.plusSeconds(secondsAfterT0), "corr-" + id, null, !kind.equals("cancel"));
    }

    @Test
    void listsWhatTheFilterMatchesAPageAtATime() {
        Filter allocations = new Filter(State.DEAD, Optional.of("allocate"), Optional.empty(), Optional.empty());

        assertThat(admin.list(allocations, Optional.empty(), 2)).extracting(DeadCommandAdmin.Entry::messageId)
                .containsExactly("m-1", "m-3");
        assertThat(admin.list(allocations, Optional.of("m-3"), 2)).extracting(DeadCommandAdmin.Entry::messageId)
                .containsExactly("m-4");
        assertThat(admin.list(new Filter(State.DEAD, Optional.empty(), Optional.of("Invalid sku"), Optional.of(T0.plusSeconds(100))),
                Optional.empty(), 10)).extracting(DeadCommandAdmin.Entry::messageId).containsExactly("m-1");
        assertThatThrownBy(() -> admin.list(allocations, Optional.of("m-2"), 2))
                .isInstanceOf(DeadCommandAdmin.UnknownDeadCommand.class);
    }

    @Test
    void retryingAllSendsBackExactlyTheMatchingOnes() {
        long retried = admin.retryAll(new Filter(State.DEAD, Optional.empty(), Optional.of("Invalid sku"), Optional.empty()));

        assertThat(retried).isEqualTo(2);
        assertThat(letters.redriven()).extracting(DeadLetter::messageId).containsExactly("m-1", "m-3");
        assertThat(admin.list(Filter.of(State.DEAD), Optional.empty(), 10)).extracting(DeadCommandAdmin.Entry::messageId)
                .containsExactly("m-2", "m-4");
    }

    @Test
    void aDiscardedMessageIsListedWithItsReasonAndNeverSentAgain() {
        admin.discard("m-2", "the batch was added by hand");

        assertThat(admin.list(Filter.of(State.DISCARDED), Optional.empty(), 10)).singleElement()
                .satisfies(entry -> assertThat(entry.discardReason()).isEqualTo("the batch was added by hand"));
        assertThat(admin.retryAll(Filter.of(State.DEAD))).isEqualTo(3);
        assertThat(letters.redriven()).extracting(DeadLetter::messageId).doesNotContain("m-2");
        assertThatThrownBy(() -> admin.retry("m-2")).isInstanceOf(DeadCommandAdmin.DeadCommandDiscarded.class);
        assertThatThrownBy(() -> admin.discard("m-2", "again")).isInstanceOf(DeadCommandAdmin.DeadCommandDiscarded.class);
        assertThatThrownBy(() -> admin.retry("m-9")).isInstanceOf(DeadCommandAdmin.UnknownDeadCommand.class);
    }

    @Test
    void aMessageWhoseRoutingKeyNamesNoCommandIsNeverSentAgainOnlyDiscarded() {
        letters.add(letter("m-5", "cancel", "Unknown routing key cancel", 240));

        assertThatThrownBy(() -> admin.retry("m-5")).isInstanceOf(DeadCommandAdmin.NotRedrivable.class)
                .hasMessageContaining("'cancel'");
        assertThat(admin.retryAll(Filter.of(State.DEAD))).isEqualTo(4);
        assertThat(letters.redriven()).extracting(DeadLetter::messageId).doesNotContain("m-5");
        admin.discard("m-5", "nobody sends cancel");
        assertThat(admin.list(Filter.of(State.DISCARDED), Optional.empty(), 10)).extracting(DeadCommandAdmin.Entry::messageId)
                .containsExactly("m-5");
    }

    @Test
    void eachDeadLetterHasAnIdOfItsOwnWhenItsMessageIdIsRepeatedOrMissing() {
        letters.add(new DeadLetter("dl-m-1-again", "m-1", "allocate", "{}", "Invalid sku LAMP", T0.plusSeconds(240), "corr-m-1", null, true))
                .add(new DeadLetter("dl-none", null, "allocate", "{}", "The message must carry a message_id", T0.plusSeconds(300), null, null, true));
        Filter all = Filter.of(State.DEAD);

        java.util.List<String> walked = new java.util.ArrayList<>();
        Optional<String> after = Optional.empty();
        for (java.util.List<DeadCommandAdmin.Entry> page = admin.list(all, after, 1); !page.isEmpty(); page = admin.list(all, after, 1)) {
            assertThat(walked).as("pages walked so far").hasSizeLessThan(6);
            walked.add(page.get(0).id());
            after = Optional.of(page.get(0).id());
        }
        assertThat(walked).as("each once, in order").containsExactly("dl-m-1", "dl-m-2", "dl-m-3", "dl-m-4", "dl-m-1-again", "dl-none");

        admin.discard("dl-none", "sent without a message id");
        admin.discard("dl-m-1-again", "sent twice");
        assertThat(admin.list(Filter.of(State.DISCARDED), Optional.empty(), 10)).extracting(DeadCommandAdmin.Entry::id)
                .containsExactly("dl-none", "dl-m-1-again");
        admin.retry("m-1");
        assertThat(letters.redriven()).as("by message id: every dead one with it").extracting(DeadLetter::id).containsExactly("dl-m-1");
    }

    @Test
    void discardingAllTakesTheFilter() {
        assertThat(admin.discardAll(new Filter(State.DEAD, Optional.of("allocate"), Optional.empty(), Optional.empty()), "old"))
                .isEqualTo(3);
        assertThat(admin.list(Filter.of(State.DEAD), Optional.empty(), 10)).extracting(DeadCommandAdmin.Entry::messageId)
                .containsExactly("m-2");
        assertThatThrownBy(() -> admin.discardAll(Filter.of(State.DEAD), " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.discard("m-2", "x".repeat(2_001))).isInstanceOf(IllegalArgumentException.class);
        assertThat(admin.list(Filter.of(State.DEAD), Optional.empty(), 10)).as("nothing changed").hasSize(1);
    }

    @Test
    void discardedOnesAreKeptApartSoThatTheyNeverHideDeadOnesFromTheScan() {
        int junk = DeadCommandAdmin.SCANNED - 4; // with the four dead ones, as many as one request looks at
        for (int i = 0; i < junk; i++) {
            letters.add(letter("junk-" + i, "allocate", "Invalid sku JUNK", 300));
        }
        assertThat(admin.discardAll(new Filter(State.DEAD, Optional.empty(), Optional.of("JUNK"), Optional.empty()), "junk"))
                .isEqualTo(junk);
        letters.add(letter("m-5", "allocate", "Invalid sku SOFA", 400));

        assertThat(admin.list(Filter.of(State.DEAD), Optional.empty(), 10)).extracting(DeadCommandAdmin.Entry::messageId)
                .containsExactly("m-1", "m-2", "m-3", "m-4", "m-5");
    }

    @Test
    void oneDiscardedInPlaceByAnEarlierReleaseIsListedAsDiscardedAndNeverSentAgain() {
        letters.add(new DeadLetter("dl-old", "m-old", "allocate", "{}", "Invalid sku LAMP", T0, "corr", "discarded in place", true));

        assertThat(admin.list(Filter.of(State.DISCARDED), Optional.empty(), 10)).extracting(DeadCommandAdmin.Entry::id)
                .containsExactly("dl-old");
        assertThat(admin.retryAll(Filter.of(State.DEAD))).isEqualTo(4);
        assertThatThrownBy(() -> admin.retry("m-old")).isInstanceOf(DeadCommandAdmin.DeadCommandDiscarded.class);
    }
}
