package dev.allocation.application.services;

import dev.allocation.application.port.in.DeadCommandAdmin;
import dev.allocation.application.port.out.DeadLetters;
import dev.allocation.application.port.out.DeadLetters.DeadLetter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The dead-lettered commands' repairs, on whatever keeps them ({@link DeadLetters}). */
public final class DeadCommandAdminService implements DeadCommandAdmin {

    private final DeadLetters letters;

    public DeadCommandAdminService(DeadLetters letters) {
        this.letters = Objects.requireNonNull(letters);
    }

    @Override
    public List<Entry> list(Filter filter, Optional<String> after, int limit) {
        List<DeadLetter> matching = letters.browse(SCANNED).stream().filter(matches(filter)).toList();
        Stream<DeadLetter> page = matching.stream();
        if (after.isPresent()) {
            int position = positionOf(matching, after.get());
            page = matching.subList(position + 1, matching.size()).stream();
        }
        return page.limit(limit).map(DeadCommandAdminService::entry).toList();
    }

    @Override
    public void retry(String messageId) {
        if (letters.redrive(dead().and(DeadLetter::redrivable).and(letter -> messageId.equals(letter.messageId())), SCANNED) == 0) {
            throw whyNot(messageId);
        }
    }

    @Override
    public long retryAll(Filter filter) {
        return letters.redrive(matches(dead(filter)).and(DeadLetter::redrivable), SCANNED);
    }

    @Override
    public void discard(String messageId, String reason) {
        if (letters.discard(dead().and(letter -> messageId.equals(letter.messageId())), reason, SCANNED) == 0) {
            throw whyNot(messageId);
        }
    }

    @Override
    public long discardAll(Filter filter, String reason) {
        return letters.discard(matches(dead(filter)), reason, SCANNED);
    }

    /** Nothing was done to the message: it is discarded, cannot be sent again, or there is no such dead letter. */
    private RuntimeException whyNot(String messageId) {
        return letters.browse(SCANNED).stream().filter(letter -> messageId.equals(letter.messageId())).findFirst()
                .<RuntimeException>map(letter -> letter.discarded() ? new DeadCommandDiscarded(messageId)
                        : new NotRedrivable(messageId, letter.kind()))
                .orElseGet(() -> new UnknownDeadCommand(messageId));
    }

    private static int positionOf(List<DeadLetter> letters, String messageId) {
        for (int i = 0; i < letters.size(); i++) {
            if (messageId.equals(letters.get(i).messageId())) {
                return i;
            }
        }
        throw new UnknownDeadCommand(messageId);
    }

    private static Filter dead(Filter filter) {
        return new Filter(State.DEAD, filter.kind(), filter.errorContains(), filter.deadBefore());
    }

    private static Predicate<DeadLetter> dead() {
        return letter -> !letter.discarded();
    }

    private static Predicate<DeadLetter> matches(Filter filter) {
        return letter -> letter.discarded() == (filter.state() == State.DISCARDED)
                && filter.kind().map(kind -> kind.equals(letter.kind())).orElse(true)
                && filter.errorContains().map(text -> letter.error() != null && letter.error().contains(text)).orElse(true)
                && filter.deadBefore().map(time -> letter.deadAt() != null && letter.deadAt().isBefore(time)).orElse(true);
    }

    private static Entry entry(DeadLetter letter) {
        return new Entry(letter.messageId(), letter.kind(), letter.body(), letter.error(), letter.deadAt(),
                letter.correlationId(), letter.discardReason());
    }
}
