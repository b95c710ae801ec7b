package dev.allocation.adapters.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link CommitLoop} in a child JVM, and what it has acknowledged so far. */
final class CommitLoopProcess {

    private final Process child;
    private final Thread reader;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> grouped = new AtomicReference<>("none");
    private final AtomicReference<String> report = new AtomicReference<>("none");

    private CommitLoopProcess(Process child) {
        this.child = child;
        this.reader = new Thread(this::read, "commit-loop-reader");
        reader.start();
    }

    static CommitLoopProcess start(DatabaseSettings settings, String sku) throws IOException {
        return start(CommitLoop.class, settings.url(), settings.user(), settings.password(), sku);
    }

    /** @param main {@link CommitLoop} or a class that runs it */
    static CommitLoopProcess start(Class<?> main, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new CommitLoopProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Sends a line to the child's standard input. */
    void send(String line) throws IOException {
        child.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        child.getOutputStream().flush();
    }

    /** Waits until the child has ended by itself, and every line it printed is read. */
    boolean awaitExit(Duration most) throws InterruptedException {
        boolean exited = child.waitFor(most.toMillis(), TimeUnit.MILLISECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return exited;
    }

    /** The last line that the child printed, other than acknowledgements. */
    String lastReport() {
        return report.get();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("ack ")) {
                    acknowledged.add(line.substring(4));
                } else if (line.startsWith("grouped ")) {
                    grouped.set(line);
                } else {
                    report.set(line);
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the child is killed; what was read is what counts.
        }
    }

    /** Waits until the child has acknowledged {@code count} allocations, or {@code most} has passed. */
    void awaitAcknowledged(int count, Duration most) throws InterruptedException {
        long deadline = System.nanoTime() + most.toNanos();
        while (acknowledged.size() < count && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    boolean isAlive() {
        return child.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no clean close. Returns once every line it printed is read. */
    void kill() throws InterruptedException {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    List<String> acknowledged() {
        return acknowledged;
    }

    /** The child's last report of its group commits: {@code grouped <units of work> in <groups>}. */
    String grouped() {
        return grouped.get();
    }
}
