package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws W1's throughput and p99 against the number of clients, one series per {@link LoadGenerator}
 * report, as two PNGs: {@code group-commit-throughput.png} and {@code group-commit-p99.png}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.GroupCommitCharts OUT_DIR \
 *     "H2, one commit per request=h2-off.json" "H2, group commit=h2-on.json" ...
 * </pre>
 */
public final class GroupCommitCharts {

    private GroupCommitCharts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: GroupCommitCharts OUT_DIR LABEL=REPORT.json...");
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Map<String, List<JsonNode>> series = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (int i = 1; i < args.length; i++) {
            int split = args[i].lastIndexOf('=');
            series.put(args[i].substring(0, split), w1Medians(json.readTree(Path.of(args[i].substring(split + 1)).toFile())));
        }
        draw(series, "W1 allocations a second, by clients", "requests per second", "requestsPerSecond",
                out.resolve("group-commit-throughput.png"));
        draw(series, "W1 p99 latency, by clients", "p99 (ms)", "p99Millis", out.resolve("group-commit-p99.png"));
    }

    /** The median runs of W1 in a report, by clients, fewest first. */
    private static List<JsonNode> w1Medians(JsonNode report) {
        List<JsonNode> medians = new ArrayList<>();
        report.get("medians").fields().forEachRemaining(entry -> {
            if (entry.getKey().startsWith("W1-")) {
                medians.add(entry.getValue());
            }
        });
        medians.sort((a, b) -> Integer.compare(a.get("clients").asInt(), b.get("clients").asInt()));
        return medians;
    }

    private static void draw(Map<String, List<JsonNode>> series, String title, String yTitle, String field, Path png)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("clients").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.#");
        series.forEach((label, runs) -> chart.addSeries(label,
                runs.stream().map(run -> String.valueOf(run.get("clients").asInt())).toList(),
                runs.stream().map(run -> (Number) run.get(field).asDouble()).toList()));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("wrote " + png.toAbsolutePath());
    }
}
