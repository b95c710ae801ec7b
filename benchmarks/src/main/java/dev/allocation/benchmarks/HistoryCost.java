package dev.allocation.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link HistoryCostBenchmark} and prints the median time of one allocation at each history
 * size and the ratio of the largest history's median to the smallest's.
 */
public final class HistoryCost {

    private HistoryCost() {
    }

    public static void main(String[] args) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(HistoryCostBenchmark.class.getSimpleName())
                .build()).run();
        Map<Integer, Double> medians = new TreeMap<>();
        for (RunResult result : results) {
            int history = Integer.parseInt(result.getParams().getParam("history"));
            medians.put(history, result.getPrimaryResult().getStatistics().getPercentile(50));
        }
        System.out.println();
        System.out.printf("%-22s %20s%n", "earlier allocations", "median µs/allocation");
        medians.forEach((history, median) -> System.out.printf("%,-22d %20.1f%n", history, median));
        double smallest = medians.values().iterator().next();
        double largest = ((TreeMap<Integer, Double>) medians).lastEntry().getValue();
        System.out.printf("ratio largest/smallest history: %.2f%n", largest / smallest);
    }
}
