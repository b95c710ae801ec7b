package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit that has returned survives a {@code kill -9}: a child JVM commits in a loop, its commits
 * shared by groups, is killed without warning, and every allocation it acknowledged is found in the
 * reopened database.
 */
abstract class CrashDurabilityContract {

    private static final int ACKS_BEFORE_KILL = 1500;

    /** The database the child writes to; this JVM must not hold it open (H2 locks its file). */
    protected abstract DatabaseSettings settings();

    /** Opens the database again after the child is dead. */
    protected abstract JdbiDatabase reopen();

    @Test
    void everyAcknowledgedAllocationSurvivesAKill9() throws Exception {
        CommitLoopProcess child = CommitLoopProcess.start(settings(), "CRASH-" + UUID.randomUUID());
        child.awaitAcknowledged(ACKS_BEFORE_KILL, Duration.ofSeconds(60));
        assertThat(child.isAlive()).as("the child is still committing when it is killed").isTrue();
        child.kill();

        List<String> acknowledged = child.acknowledged();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        String[] counts = child.grouped().split(" ");
        assertThat(counts).as("the child reported its group commits: %s", child.grouped()).hasSize(4);
        assertThat(Long.parseLong(counts[1])).as("units of work committed in groups, against groups: %s", child.grouped())
                .isGreaterThan(Long.parseLong(counts[3]));
        JdbiDatabase database = reopen();
        List<String> lost = CommitLoop.missing(database, acknowledged);
        assertThat(lost).as("acknowledged allocations missing after kill -9 (of %d)", acknowledged.size()).isEmpty();
    }
}
