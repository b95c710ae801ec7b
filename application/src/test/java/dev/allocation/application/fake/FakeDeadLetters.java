package dev.allocation.application.fake;

import dev.allocation.application.port.out.DeadLetters;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Dead and discarded letters in lists, oldest first; those re-driven are kept aside, in the order sent. */
public final class FakeDeadLetters implements DeadLetters {

    private final List<DeadLetter> waiting = new ArrayList<>();
    private final List<DeadLetter> discarded = new ArrayList<>();
    private final List<DeadLetter> redriven = new ArrayList<>();

    public synchronized FakeDeadLetters add(DeadLetter letter) {
        waiting.add(letter);
        return this;
    }

    public synchronized List<DeadLetter> redriven() {
        return List.copyOf(redriven);
    }

    @Override
    public synchronized long count(Shelf shelf) {
        return on(shelf).size();
    }

    @Override
    public synchronized List<DeadLetter> browse(Shelf shelf, int max) {
        List<DeadLetter> letters = on(shelf);
        return List.copyOf(letters.subList(0, Math.min(max, letters.size())));
    }

    private List<DeadLetter> on(Shelf shelf) {
        return shelf == Shelf.DEAD ? waiting : discarded;
    }

    @Override
    public synchronized int redrive(Predicate<DeadLetter> which, int max) {
        List<DeadLetter> picked = browse(Shelf.DEAD, max).stream().filter(DeadLetter::redrivable).filter(which).toList();
        waiting.removeAll(picked);
        redriven.addAll(picked);
        return picked.size();
    }

    @Override
    public synchronized int discard(Predicate<DeadLetter> which, String reason, int max) {
        List<DeadLetter> picked = browse(Shelf.DEAD, max).stream().filter(which).toList();
        waiting.removeAll(picked);
        for (DeadLetter letter : picked) {
            discarded.add(new DeadLetter(letter.id(), letter.messageId(), letter.kind(), letter.body(), letter.error(), letter.deadAt(),
                    letter.correlationId(), reason, letter.redrivable()));
        }
        return picked.size();
    }
}
