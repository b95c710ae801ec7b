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
 * An allocation is on stable storage before it is acknowledged, on H2 too: a child commits on
 * {@link PowerCutFiles}, the power is cut under it (whatever was written since the file's last sync
 * is lost, all of it or a random part), and every allocation it acknowledged is in the file when it
 * is opened again. Several cuts in a row on the same file, each opened again by the next child.
 */
class H2PowerCutIT {

    /** The chance that a write not yet synced reached the disk anyway, for each cut in turn. */
    private static final double[] REACHED = {0.0, 0.5, 0.9};

    @TempDir
    Path folder;

    @Test
    void everyAcknowledgedAllocationSurvivesAPowerCut() throws Exception {
        Random random = new Random();
        Path database = folder.resolve("allocation").toAbsolutePath();
        List<String> acknowledged = new ArrayList<>();
        List<String> report = new ArrayList<>();
        for (int cut = 0; cut < REACHED.length; cut++) {
            CommitLoopProcess child = CommitLoopProcess.start(PowerCutLoop.class, database.toString(), "POWER-" + cut + "-" + UUID.randomUUID());
            child.awaitAcknowledged(1000 + random.nextInt(2000), Duration.ofSeconds(60));
            assertThat(child.isAlive()).as("cut %d: the child is still committing", cut).isTrue();
            child.send("cut " + REACHED[cut] + " " + random.nextLong());
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as("cut %d: the child halts after the cut", cut).isTrue();
            assertThat(child.lastReport()).as("cut %d", cut).startsWith("cut ");
            acknowledged.addAll(child.acknowledged());
            report.add(String.format("cut %d (reached %.1f): %d acknowledged, %s unsynced writes lost", cut, REACHED[cut],
                    child.acknowledged().size(), child.lastReport().substring(4)));
        }
        System.out.println(String.join("\n", report));

        try (TestDatabase reopened = TestDatabase.h2(folder)) {
            List<String> lost = CommitLoop.missing(reopened.jdbi(), acknowledged);
            assertThat(lost).as("acknowledged allocations missing after power cuts (of %d)\n%s", acknowledged.size(),
                    String.join("\n", report)).isEmpty();
        }
    }
}
