package dev.allocation.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The command messages from a broker that could never take effect, where the broker keeps them
 * (RabbitMQ's queue {@code allocation.commands.dead}): read in place, sent to the commands again, or
 * discarded with a reason and kept apart ({@code allocation.commands.discarded}). Each operation looks
 * at the messages waiting when it starts, oldest first, at most {@code max} of them.
 */
public interface DeadLetters {

    /** Where a dead letter is kept. */
    enum Shelf {
        /** Waiting to be re-driven or discarded (and those an earlier release discarded in place). */
        DEAD,
        /** Discarded by an operator. */
        DISCARDED
    }

    /**
     * A dead-lettered command message.
     *
     * @param id            this dead letter's own id, the same at every look: a message id may be
     *                      missing (one reason to be dead) or repeated (a message sent twice)
     * @param kind          the command's routing key, {@code allocate} say
     * @param body          the message's body, as it came
     * @param error         why it could never take effect
     * @param deadAt        when it was dead-lettered
     * @param discardReason why an operator discarded it; null unless they did
     * @param redrivable    whether sending it again can reach the commands: false for a kind (routing key)
     *                      that names no command
     */
    record DeadLetter(String id, String messageId, String kind, String body, String error, Instant deadAt, String correlationId,
                      String discardReason, boolean redrivable) {

        public boolean discarded() {
            return discardReason != null;
        }
    }

    /** How many messages are on the shelf: cheap, for a gauge. */
    long count(Shelf shelf);

    /** The messages on the shelf, oldest first, all left in place. */
    List<DeadLetter> browse(Shelf shelf, int max);

    /**
     * Sends the dead messages {@code which} picks to the commands again, as they first came (their
     * {@code message_id} makes each take effect once), and removes them from the dead letters. Those
     * that are not {@link DeadLetter#redrivable} stay, whatever {@code which} says.
     *
     * @return how many
     */
    int redrive(Predicate<DeadLetter> which, int max);

    /**
     * Moves the dead messages {@code which} picks to the discarded ones, with the reason: kept, and
     * never sent again.
     *
     * @return how many
     */
    int discard(Predicate<DeadLetter> which, String reason, int max);

    /** Where the dead letters are kept cannot be reached now: nothing was changed. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
