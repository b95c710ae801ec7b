package dev.allocation.benchmarks.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's command line, {@code --name value} pairs, with the defaults the benchmarks share. */
record BenchmarkOptions(Map<String, String> values) {

    static BenchmarkOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            values.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return new BenchmarkOptions(values);
    }

    String get(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int get(String name, int otherwise) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : otherwise;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The service's jar, as the build leaves it. */
    Path jar() {
        return Path.of(get("jar", "bootstrap/target/allocation-service.jar"));
    }

    /** The JVM options the README runs the jar with, then those the option {@code name} adds, if given. */
    List<String> javaOptions(String name, Path jar) {
        List<String> options = new ArrayList<>(LoadGenerator.readmeOptions(jar));
        if (has(name)) {
            options.addAll(List.of(get(name, "").trim().split("\\s+")));
        }
        return options;
    }

    /** The machine's RabbitMQ. */
    String rabbitMqUrl() {
        return get("rabbitmq-url", "amqp://guest:guest@127.0.0.1:5672/%2F");
    }
}
