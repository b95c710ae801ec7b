package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.adapters.messaging.rabbitmq.RabbitNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's examples, run as a new user runs them: its curl block in the order written, against
 * the jar this build made, started on an empty data folder; then, after a restart with RabbitMQ on
 * the same folder, its broker block. Under each command, a {@code # →} comment shows the answer it
 * must give. A read that follows a change the chain of events makes is tried again for a few
 * seconds: the chain runs a moment after the change is answered.
 */
class ReadmeExamplesIT {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("allocation.jar", "target/allocation-service.jar")).toAbsolutePath();
    private static final String ANSWER = "# → ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One command of a block (its continuation lines joined) and the answer shown under it. */
    record Example(String command, String answer) {
    }

    @TempDir
    Path folder;

    @Test
    void theApiWalkAndThenTheBrokerExamplesGiveTheAnswersShown() throws Exception {
        String readme = Files.readString(PROJECT.resolve("README.md"));
        List<Example> api = examples(readme, "## The API");
        assertThat(api).as("the API walk of the README").hasSizeGreaterThanOrEqualTo(10);
        try (Service service = Service.start(JAR, folder, Map.of())) {
            for (Example example : api) {
                String command = example.command().replace("localhost:8080", "127.0.0.1:" + service.port);
                if (!command.contains("-X POST")) {
                    // A read: what the chain does after a change shows a moment later.
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                            .untilAsserted(() -> assertAnswer(example, curl(command)));
                } else {
                    assertAnswer(example, curl(command));
                }
            }
        }

        String rabbitMq = TestBrokers.rabbitMqUrl();
        if (rabbitMq == null) {
            System.out.println("ReadmeExamplesIT: the RabbitMQ examples were not run: " + TestBrokers.RABBITMQ_SKIPPED);
            return;
        }
        List<Example> broker = examples(readme, "## Brokers: RabbitMQ and Redis");
        assertThat(broker).as("the RabbitMQ examples of the README").hasSizeGreaterThanOrEqualTo(3);
        String prefix = TestBrokers.newPrefix();
        Map<String, String> brokerEnvironment = Map.of("RABBITMQ_URL", rabbitMq, "BROKER_NAME_PREFIX", prefix);
        Service service = Service.start(JAR, folder, brokerEnvironment);
        try {
            for (Example example : broker) {
                String reply = run(example.command(), brokerEnvironment).strip();
                assertThat(JSON.readTree(reply)).as(example.command()).isEqualTo(JSON.readTree(example.answer()));
            }
        } finally {
            service.close();
            TestBrokers.deleteTopology(new RabbitNames(prefix));
        }
    }

    /** The examples that show an answer, in the {@code sh} blocks of the section under {@code heading}. */
    static List<Example> examples(String readme, String heading) {
        int section = readme.indexOf(heading);
        assertThat(section).as("the README's section " + heading).isNotNegative();
        int next = readme.indexOf("\n## ", section + heading.length());
        String sectionText = readme.substring(section, next < 0 ? readme.length() : next);
        StringBuilder block = new StringBuilder();
        for (int start = sectionText.indexOf("```sh\n"); start >= 0; start = sectionText.indexOf("```sh\n", start)) {
            start += "```sh\n".length();
            block.append(sectionText, start, sectionText.indexOf("```", start));
        }
        List<Example> examples = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        String last = null;
        for (String line : block.toString().split("\n")) {
            if (!command.isEmpty() || (!line.isBlank() && !line.startsWith("#"))) {
                String text = line.strip();
                boolean continues = text.endsWith("\\");
                command.append(continues ? text.substring(0, text.length() - 1) : text).append(continues ? " " : "");
                if (!continues) {
                    last = command.toString();
                    command.setLength(0);
                }
            } else if (line.startsWith(ANSWER)) {
                assertThat(last).as("an answer follows a command: " + line).isNotNull();
                examples.add(new Example(last, line.substring(ANSWER.length()).strip()));
                last = null;
            }
        }
        return examples;
    }

    /** The status and the JSON body shown, as {@code 201 {"ref": "b1"}}. */
    private static void assertAnswer(Example example, String[] statusAndBody) throws IOException {
        String[] shown = example.answer().split(" ", 2);
        assertThat(statusAndBody[0]).as(example.command() + " answered " + statusAndBody[1]).isEqualTo(shown[0]);
        assertThat(JSON.readTree(statusAndBody[1])).as(example.command()).isEqualTo(JSON.readTree(shown[1]));
    }

    /** Runs a curl command as written, asking curl also for the status: {status, body}. */
    private static String[] curl(String command) throws IOException, InterruptedException {
        String output = run(command + " -s -w '\\n%{http_code}'", Map.of());
        int end = output.lastIndexOf('\n');
        return new String[] {output.substring(end + 1).strip(), output.substring(0, end)};
    }

    /** Runs a command with bash in the project's folder, as the README's reader does; returns its output. */
    private static String run(String command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(PROJECT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
        assertThat(process.exitValue()).as(command + ": " + new String(output, StandardCharsets.UTF_8)).isZero();
        return new String(output, StandardCharsets.UTF_8);
    }

    /** {@code java -jar} the built jar in a folder of its own, as the README's run command does. */
    private record Service(Process process, int port) implements AutoCloseable {

        static Service start(Path jar, Path folder, Map<String, String> environment) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Map<String, String> settings = new HashMap<>(environment);
            settings.put("HTTP_HOST", "127.0.0.1");
            settings.put("HTTP_PORT", String.valueOf(port));
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m", "-jar", jar.toString()).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("service.log").toFile()));
            builder.environment().keySet().removeIf(name -> Usage.SETTINGS.stream().anyMatch(s -> s.names().contains(name)));
            builder.environment().putAll(settings);
            Service service = new Service(builder.start(), port);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                assertThat(service.process.isAlive()).as("the service runs; its log: " + folder.resolve("service.log")).isTrue();
                return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
            return service;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
