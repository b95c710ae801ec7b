package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws {@link OutboxDrain} runs as the events that reached the consumer in the last second, every
 * 100 ms, against the seconds since the first event, one line per run, into one PNG.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.DrainChart OUT.png \
 *     "H2=outbox-drain-h2.json" "PostgreSQL=outbox-drain-pg.json" ...
 * </pre>
 */
public final class DrainChart {

    private DrainChart() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: DrainChart OUT.png LABEL=DRAIN.json...");
        }
        XYChart chart = new XYChartBuilder().width(900).height(450)
                .title("A backlog drained to RabbitMQ while W1 runs: events a second")
                .xAxisTitle("seconds since the first event").yAxisTitle("events a second").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        ObjectMapper json = new ObjectMapper();
        for (int i = 1; i < args.length; i++) {
            int split = args[i].lastIndexOf('=');
            JsonNode run = json.readTree(Path.of(args[i].substring(split + 1)).toFile());
            List<Double> seconds = new ArrayList<>();
            List<Double> perSecond = new ArrayList<>();
            JsonNode buckets = run.get("eventsPer100ms");
            // Each point: the events of the second that ends there (ten buckets of 100 ms), read every 100 ms.
            for (int b = 0; b < buckets.size(); b++) {
                double lastSecond = 0;
                for (int k = Math.max(0, b - 9); k <= b; k++) {
                    lastSecond += buckets.get(k).asDouble();
                }
                seconds.add((b + 1) / 10.0);
                perSecond.add(lastSecond);
            }
            String label = "%s: %,.0f a second, %.2fx the bare publisher".formatted(args[i].substring(0, split),
                    run.get("eventsPerSecond").asDouble(), run.get("ratioToBare").asDouble());
            XYSeries series = chart.addSeries(label, seconds, perSecond);
            series.setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, args[0], BitmapEncoder.BitmapFormat.PNG);
    }
}
