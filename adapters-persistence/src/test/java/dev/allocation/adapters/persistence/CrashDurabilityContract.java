package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
        DatabaseSettings settings = settings();
        String sku = "CRASH-" + UUID.randomUUID();
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CommitLoop.class.getName(), settings.url(), settings.user(), settings.password(), sku)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        AtomicReference<String> grouped = new AtomicReference<>("none");
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("ack ")) {
                        acknowledged.add(line.substring(4));
                    } else if (line.startsWith("grouped ")) {
                        grouped.set(line);
                    }
                }
            } catch (Exception e) {
                // The pipe breaks when the child is killed; what was read is what counts.
            }
        });
        reader.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < ACKS_BEFORE_KILL && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(child.isAlive()).as("the child is still committing when it is killed").isTrue();
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no clean close
        child.waitFor(30, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        String[] counts = grouped.get().split(" ");
        assertThat(counts).as("the child reported its group commits: %s", grouped.get()).hasSize(4);
        assertThat(Long.parseLong(counts[1])).as("units of work committed in groups, against groups: %s", grouped.get())
                .isGreaterThan(Long.parseLong(counts[3]));
        JdbiDatabase database = reopen();
        List<String> lost = acknowledged.stream()
                .filter(orderId -> database.allocationsView().allocationsFor(orderId).isEmpty())
                .toList();
        assertThat(lost).as("acknowledged allocations missing after kill -9 (of %d)", acknowledged.size()).isEmpty();
    }
}
