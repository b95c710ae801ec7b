package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.DatabaseUnavailable;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Commits the changes of concurrent units of work together: one transaction and one durable commit
 * for a group of them, and each caller returns only after that commit. A durable commit costs about
 * the same for one unit of work as for twenty, and a group's rows of each kind go in one JDBC batch.
 *
 * <p>One writer at a time (more writers were slower on PostgreSQL, see docs/benchmarks.md), as
 * leader and followers, with no thread of its own: a caller that finds no commit under way leads,
 * writes everything waiting (its own changes included) and commits; callers that arrive meanwhile
 * wait, and when the commit is done the first of them leads the next group. So a group holds
 * what arrived during the previous commit and grows with the load; a caller alone never waits. (A
 * leader that waited a moment for units of work still between their read and their commit, as
 * PostgreSQL's {@code commit_delay} does, showed no gain on PostgreSQL: see docs/benchmarks.md.)
 *
 * <p>Each unit of work keeps its own outcome, as if the members had committed one after another. A
 * failed version check leaves out that member alone (see {@link ChangeWriter}). Any other error rolls
 * the group back, and its members are written again one by one, each in its own transaction, so that
 * the one at fault fails alone; when the database is unavailable they all fail.
 */
public final class GroupCommit implements Committer {

    /** Bounds one transaction; more waiting callers make the next group. */
    static final int MOST_PER_GROUP = 256;

    private final Jdbi jdbi;
    private final Queue<Member> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final GroupStatistics statistics = new GroupStatistics();

    public GroupCommit(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Writes and commits the changes with those of whoever else is committing. The unit of work's
     * reads are done, so its connection goes back to the pool first: it must not wait for the group.
     */
    @Override
    public ChangeWriter.Outcome commit(Changes changes, UnitOfWorkConnection connection) {
        connection.close();
        if (changes.isEmpty()) {
            return new ChangeWriter.Outcome();
        }
        Member me = new Member(changes);
        waiting.add(me);
        if (leading.compareAndSet(false, true)) {
            lead();
        }
        while (true) {
            if (me.takeLead()) {
                lead();
            } else if (me.done) {
                return me.outcome();
            } else {
                LockSupport.park(this);
            }
        }
    }

    public GroupStatistics statistics() {
        return statistics;
    }

    /** Holds the lead: writes one group, then hands the lead to the first caller still waiting. */
    private void lead() {
        try {
            List<Member> group = new ArrayList<>();
            for (Member next = waiting.poll(); next != null; next = group.size() < MOST_PER_GROUP ? waiting.poll() : null) {
                group.add(next);
            }
            if (!group.isEmpty()) {
                write(group);
            }
        } finally {
            leading.set(false);
        }
        // Whoever queued meanwhile saw a leader and is waiting: the first of them leads next. Only the
        // lead's holder takes from the queue, so the one peeked at is still there.
        while (waiting.peek() != null && leading.compareAndSet(false, true)) {
            Member next = waiting.peek();
            if (next != null) {
                next.lead();
                return;
            }
            leading.set(false);
        }
    }

    private void write(List<Member> group) {
        long started = System.nanoTime();
        try {
            List<ChangeWriter.Outcome> outcomes = inTransaction(group.get(0).changes.firstSku(),
                    handle -> ChangeWriter.write(handle, group.stream().map(member -> member.changes).toList()));
            statistics.record(group.size(), System.nanoTime() - started);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).done(outcomes.get(i), null);
            }
        } catch (RuntimeException | Error e) {
            if (group.size() == 1 || e instanceof DatabaseUnavailable) {
                group.forEach(member -> member.done(null, e));
            } else {
                oneByOne(group);
            }
        }
    }

    /** After the group failed: each member alone, so that only the one at fault fails. */
    private void oneByOne(List<Member> group) {
        statistics.replay();
        for (int i = 0; i < group.size(); i++) {
            Member member = group.get(i);
            try {
                member.done(inTransaction(member.changes.firstSku(),
                        handle -> ChangeWriter.write(handle, List.of(member.changes))).get(0), null);
            } catch (RuntimeException | Error e) {
                if (e instanceof DatabaseUnavailable) {
                    group.subList(i, group.size()).forEach(rest -> rest.done(null, e));
                    return;
                }
                member.done(null, e);
            }
        }
    }

    private <T> T inTransaction(String sku, Function<Handle, T> work) {
        return SqlErrors.translated(sku, () -> {
            try (Handle handle = jdbi.open()) {
                handle.begin();
                try {
                    T result = work.apply(handle);
                    handle.commit();
                    return result;
                } catch (RuntimeException | Error e) {
                    if (handle.isInTransaction()) {
                        handle.rollback();
                    }
                    throw e;
                }
            }
        });
    }

    /** One caller's changes and, once written, what came of them. */
    private static final class Member {

        private final Changes changes;
        private final Thread caller = Thread.currentThread();
        private volatile boolean lead;
        private volatile boolean done;
        private ChangeWriter.Outcome outcome;
        private Throwable error;

        Member(Changes changes) {
            this.changes = changes;
        }

        void done(ChangeWriter.Outcome outcome, Throwable error) {
            this.outcome = outcome;
            this.error = error;
            this.done = true;
            LockSupport.unpark(caller);
        }

        void lead() {
            lead = true;
            LockSupport.unpark(caller);
        }

        /** Only a caller still waiting is handed the lead, and it holds the lead until it has led. */
        boolean takeLead() {
            if (lead) {
                lead = false;
                return true;
            }
            return false;
        }

        ChangeWriter.Outcome outcome() {
            if (error == null) {
                return outcome.orConflict();
            }
            if (error instanceof DatabaseUnavailable unavailable) {
                // Each caller gets an exception of its own: the bus logs and annotates it.
                throw new DatabaseUnavailable(unavailable.getMessage(), unavailable);
            }
            if (error instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) error;
        }
    }
}
