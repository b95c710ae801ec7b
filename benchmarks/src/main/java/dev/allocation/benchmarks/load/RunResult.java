package dev.allocation.benchmarks.load;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures of one timed phase of a workload, and what the correctness check found. */
record RunResult(String workload, int run, int clients, int requests, double seconds,
                 double requestsPerSecond, double p50Millis, double p99Millis, double maxMillis,
                 Map<Integer, Integer> statuses, int successes, List<String> breaches) {

    static RunResult of(String workload, int run, int clients, List<Driver.Answer> answers, long wallNanos,
                        List<String> breaches) {
        long[] nanos = answers.stream().mapToLong(Driver.Answer::nanos).sorted().toArray();
        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
        double seconds = wallNanos / 1e9;
        return new RunResult(workload, run, clients, answers.size(), seconds, answers.size() / seconds,
                percentile(nanos, 0.50), percentile(nanos, 0.99), nanos.length == 0 ? 0 : nanos[nanos.length - 1] / 1e6,
                statuses, statuses.getOrDefault(201, 0), breaches);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }

    boolean ok() {
        return breaches.isEmpty();
    }

    /** The run whose requests per second is the median of these runs. */
    static RunResult median(List<RunResult> runs) {
        RunResult[] sorted = runs.toArray(RunResult[]::new);
        Arrays.sort(sorted, (a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond()));
        return sorted[(sorted.length - 1) / 2];
    }
}
