package dev.allocation.adapters.persistence.commit;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the group commits so far: how many, how many units of work they held, how long they took,
 * and how many failed as a whole and were written again one by one.
 */
public final class GroupStatistics {

    private final LongAdder groups = new LongAdder();
    private final LongAdder members = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder replayed = new LongAdder();

    void record(int size, long elapsedNanos) {
        groups.increment();
        members.add(size);
        nanos.add(elapsedNanos);
    }

    void replay() {
        replayed.increment();
    }

    /** Groups that failed as a whole and were written again one unit of work at a time. */
    public long replayed() {
        return replayed.sum();
    }

    /** Transactions committed for groups. */
    public long groups() {
        return groups.sum();
    }

    /** Units of work committed in them. */
    public long unitsOfWork() {
        return members.sum();
    }

    /** Time spent writing and committing them. */
    public long nanos() {
        return nanos.sum();
    }
}
