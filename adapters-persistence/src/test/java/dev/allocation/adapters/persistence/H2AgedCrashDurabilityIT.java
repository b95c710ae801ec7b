package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kill -9 contract once the H2 file reuses space. H2 reuses the space of dead chunks only 45 s
 * (its retention time) after they died, so a kill in the first seconds never meets a chunk written
 * into reused space. Here a child commits on one file for over a minute before the first kill, and
 * is then started and killed again and again on the same file, each time at a moment drawn at random,
 * never closed cleanly; every allocation any of them acknowledged must be there at the end.
 *
 * <p>It takes minutes, so it runs when {@value #ROUNDS} says how many kills (CI sets 3; docs/operations.md
 * says how to run more).
 */
@EnabledIfEnvironmentVariable(named = H2AgedCrashDurabilityIT.ROUNDS, matches = "[1-9][0-9]*",
        disabledReason = "kill -9 on an aged H2 file takes minutes: set " + H2AgedCrashDurabilityIT.ROUNDS + " to the number of kills")
class H2AgedCrashDurabilityIT {

    static final String ROUNDS = "ALLOCATION_TEST_CRASH_ROUNDS";
    /** Past H2's 45 s retention, so that the first kill already meets reused space. */
    private static final Duration FIRST_ROUND = Duration.ofSeconds(65);
    private static final Duration LATER_ROUNDS = Duration.ofSeconds(20);
    private static final Duration JITTER = Duration.ofSeconds(8);

    @TempDir
    Path folder;

    @Test
    void everyAcknowledgedAllocationSurvivesRepeatedKillsOfAnAgedFile() throws Exception {
        assertThat(org.h2.mvstore.MVStore.class.desiredAssertionStatus()).as("H2 runs as in production, without its own assertions").isFalse();
        int rounds = Integer.parseInt(System.getenv(ROUNDS));
        Random random = new Random();
        DatabaseSettings settings = TestDatabase.h2Settings(folder);
        Path file = folder.resolve("allocation.mv.db");
        List<String> acknowledged = new ArrayList<>();
        List<String> report = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long began = System.nanoTime();
            CommitLoopProcess child = CommitLoopProcess.start(settings, "AGED-" + round + "-" + UUID.randomUUID());
            Duration load = (round == 1 ? FIRST_ROUND : LATER_ROUNDS).plusMillis(random.nextInt((int) JITTER.toMillis()));
            child.awaitAcknowledged(Integer.MAX_VALUE, load);
            assertThat(child.isAlive()).as("round %d: the child is still committing when it is killed", round).isTrue();
            child.kill();
            assertThat(child.acknowledged()).as("round %d acknowledged allocations", round).isNotEmpty();
            acknowledged.addAll(child.acknowledged());
            report.add(String.format("round %d: %d acknowledged in %d s, file %d MB", round, child.acknowledged().size(),
                    Duration.ofNanos(System.nanoTime() - began).toSeconds(), Files.size(file) >> 20));
        }
        System.out.println(String.join("\n", report));

        try (TestDatabase reopened = TestDatabase.h2(folder)) {
            List<String> lost = CommitLoop.missing(reopened.jdbi(), acknowledged);
            assertThat(lost).as("acknowledged allocations missing after %d kills (of %d)\n%s", rounds, acknowledged.size(),
                    String.join("\n", report)).isEmpty();
        }
    }
}
