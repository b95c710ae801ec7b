package dev.allocation.application.services;

import dev.allocation.application.port.in.DeadCommandAdmin;
import dev.allocation.application.port.in.DiscardReason;
import dev.allocation.application.port.out.DeadLetters;
import dev.allocation.application.port.out.DeadLetters.DeadLetter;
import dev.allocation.application.port.out.DeadLetters.Shelf;

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
        List<DeadLetter> matching = onShelves(filter.state()).filter(matches(filter)).toList();
        Stream<DeadLetter> page = matching.stream();
        if (after.isPresent()) {
            int position = positionOf(matching, after.get());
            page = matching.subList(position + 1, matching.size()).stream();
        }
        return page.limit(limit).map(DeadCommandAdminService::entry).toList();
    }

    @Override
    public void retry(String id) {
        if (letters.redrive(dead().and(DeadLetter::redrivable).and(named(id)), SCANNED) == 0) {
            throw whyNot(id);
        }
    }

    @Override
    public long retryAll(Filter filter) {
        return letters.redrive(matches(dead(filter)).and(DeadLetter::redrivable), SCANNED);
    }

    @Override
    public void discard(String id, String reason) {
        if (letters.discard(dead().and(named(id)), DiscardReason.checked(reason), SCANNED) == 0) {
            throw whyNot(id);
        }
    }

    @Override
    public long discardAll(Filter filter, String reason) {
        return letters.discard(matches(dead(filter)), DiscardReason.checked(reason), SCANNED);
    }

    /**
     * The letters that may be in the state: discarded ones are on their own shelf, or among the dead
     * ones where an earlier release discarded them in place.
     */
    private Stream<DeadLetter> onShelves(State state) {
        Stream<DeadLetter> dead = letters.browse(Shelf.DEAD, SCANNED).stream();
        return state == State.DEAD ? dead : Stream.concat(dead, letters.browse(Shelf.DISCARDED, SCANNED).stream());
    }

    /** Nothing was done to the message: it is discarded, cannot be sent again, or there is no such dead letter. */
    private RuntimeException whyNot(String id) {
        return onShelves(State.DISCARDED).filter(named(id)).findFirst()
                .<RuntimeException>map(letter -> letter.discarded() ? new DeadCommandDiscarded(id)
                        : new NotRedrivable(id, letter.kind()))
                .orElseGet(() -> new UnknownDeadCommand(id));
    }

    /** Where the page after {@code id} starts: after that dead letter, or else after the first with that message id. */
    private static int positionOf(List<DeadLetter> letters, String id) {
        for (int i = 0; i < letters.size(); i++) {
            if (id.equals(letters.get(i).id())) {
                return i;
            }
        }
        for (int i = 0; i < letters.size(); i++) {
            if (id.equals(letters.get(i).messageId())) {
                return i;
            }
        }
        throw new UnknownDeadCommand(id);
    }

    /** The dead letter with this id, or every one with this message id. */
    private static Predicate<DeadLetter> named(String id) {
        return letter -> id.equals(letter.id()) || id.equals(letter.messageId());
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
        return new Entry(letter.id(), letter.messageId(), letter.kind(), letter.body(), letter.error(), letter.deadAt(),
                letter.correlationId(), letter.discardReason());
    }
}
