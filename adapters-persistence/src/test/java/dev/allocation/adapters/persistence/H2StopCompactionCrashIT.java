package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;
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
 * A clean stop copies a mostly dead H2 file into one of its live data ({@link H2FilePool}); a
 * {@code kill -9} in the middle of that copy loses nothing. A child commits on one file under load
 * and is asked to stop. The first round stops by itself, and its stop must have shrunk the file; each
 * later round is killed once the copy has appeared beside the file, after a delay drawn at random
 * within half the first round's stop time. Every allocation any round acknowledged must be there at
 * the end, and at least one kill must have found the copy under way.
 */
class H2StopCompactionCrashIT {

    private static final int ROUNDS = 4;
    private static final Duration LOAD = Duration.ofSeconds(12);
    private static final Duration MOST_STOP = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    @Test
    void aKillWhileTheStopCompactsTheFileLosesNoAcknowledgedAllocation() throws Exception {
        Random random = new Random();
        DatabaseSettings settings = TestDatabase.h2Settings(folder);
        List<String> acknowledged = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Path copy = folder.resolve("allocation.mv.db.tempFile");
        long stopMillis = 0;
        int killedDuringCopy = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            CommitLoopProcess child = CommitLoopProcess.start(settings, "STOP-" + round + "-" + UUID.randomUUID());
            child.awaitAcknowledged(Integer.MAX_VALUE, LOAD);
            assertThat(child.isAlive()).as("round %d: the child is still committing when asked to stop", round).isTrue();
            child.send("stop");
            if (round == 1) {
                assertThat(child.awaitExit(MOST_STOP)).as("the first round stops by itself").isTrue();
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
                // H2 writes the copy beside the file: once it appears, the copy is under way.
                long copyFrom = awaitCopyOrExit(child, copy);
                long delay = random.nextLong(stopMillis / 2 + 1);
                Thread.sleep(delay);
                boolean duringCopy = Files.exists(copy) && child.isAlive();
                child.kill();
                killedDuringCopy += duringCopy ? 1 : 0;
                report.add(String.format("round %d: %d acknowledged, killed %s", round, child.acknowledged().size(),
                        copyFrom < 0 ? "after it had stopped, no copy seen"
                                : delay + " ms after the copy began" + (duringCopy ? ", the copy under way" : ", the copy done")));
            }
            assertThat(child.acknowledged()).as("round %d acknowledged allocations", round).isNotEmpty();
            acknowledged.addAll(child.acknowledged());
        }
        System.out.println(String.join("\n", report));
        assertThat(killedDuringCopy).as("rounds killed with the copy under way\n%s", String.join("\n", report)).isPositive();

        try (TestDatabase reopened = TestDatabase.h2(folder)) {
            List<String> lost = CommitLoop.missing(reopened.jdbi(), acknowledged);
            assertThat(lost).as("acknowledged allocations missing (of %d)\n%s", acknowledged.size(), String.join("\n", report)).isEmpty();
        }
    }

    /** @return when the copy appeared (nanoTime), or -1 if the child exited first */
    private static long awaitCopyOrExit(CommitLoopProcess child, Path copy) throws InterruptedException {
        long deadline = System.nanoTime() + MOST_STOP.toNanos();
        while (child.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(copy)) {
                return System.nanoTime();
            }
            Thread.sleep(1);
        }
        return -1;
    }
}
