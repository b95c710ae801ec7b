package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clean stop copies a mostly dead H2 file into one of its live data ({@link H2FilePool}); a
 * {@code kill -9} in the middle of that copy loses nothing. A child commits on one file under load,
 * is asked to stop, and, from the second round on, is killed at a moment drawn at random within the
 * time the first round's stop took; every allocation any round acknowledged must be there at the end.
 */
class H2StopCompactionCrashIT {

    private static final int ROUNDS = 4;
    private static final Duration LOAD = Duration.ofSeconds(12);

    @TempDir
    Path folder;

    @Test
    void aKillWhileTheStopCompactsTheFileLosesNoAcknowledgedAllocation() throws Exception {
        Random random = new Random();
        DatabaseSettings settings = TestDatabase.h2Settings(folder);
        List<String> acknowledged = new ArrayList<>();
        List<String> report = new ArrayList<>();
        long stopMillis = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            CommitLoopProcess child = CommitLoopProcess.start(settings, "STOP-" + round + "-" + UUID.randomUUID());
            child.awaitAcknowledged(Integer.MAX_VALUE, LOAD);
            assertThat(child.isAlive()).as("round %d: the child is still committing when asked to stop", round).isTrue();
            child.send("stop");
            if (round == 1) {
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as("the first round stops by itself").isTrue();
                // stopped <file bytes before> <after> <ms>
                String[] stopped = child.lastReport().split(" ");
                assertThat(stopped[0]).as("the child's report of its stop: %s", child.lastReport()).isEqualTo("stopped");
                long before = Long.parseLong(stopped[1]);
                long after = Long.parseLong(stopped[2]);
                stopMillis = Long.parseLong(stopped[3]);
                assertThat(after).as("the stop compacted the file (%d bytes before)", before).isLessThan(before / 2);
                report.add(String.format("round 1: %d acknowledged, stopped in %d ms, file %d MB -> %d MB",
                        child.acknowledged().size(), stopMillis, before >> 20, after >> 20));
            } else {
                long delay = random.nextLong(stopMillis + 1);
                Thread.sleep(delay);
                boolean stoppedFirst = !child.isAlive();
                child.kill();
                report.add(String.format("round %d: %d acknowledged, killed %d ms into the stop%s", round,
                        child.acknowledged().size(), delay, stoppedFirst ? " (it had stopped already)" : ""));
            }
            assertThat(child.acknowledged()).as("round %d acknowledged allocations", round).isNotEmpty();
            acknowledged.addAll(child.acknowledged());
        }
        System.out.println(String.join("\n", report));

        try (TestDatabase reopened = TestDatabase.h2(folder)) {
            List<String> lost = acknowledged.stream()
                    .filter(orderId -> reopened.jdbi().storedAllocations().ofOrder(orderId).isEmpty())
                    .toList();
            assertThat(lost).as("acknowledged allocations missing (of %d)\n%s", acknowledged.size(), String.join("\n", report)).isEmpty();
        }
    }
}
