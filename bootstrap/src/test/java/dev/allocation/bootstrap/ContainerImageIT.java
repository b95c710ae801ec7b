package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The container image that {@code ./mvnw -Pimage verify} builds (an OCI tarball): its config says
 * how it starts, which port it serves and that it runs as a user that is not root; and its
 * entrypoint, run from the image's own files, serves the API. With no container engine on the build
 * machine, the image is run here the way an engine would, short of cgroups and a network of its
 * own: its layers unpacked in order, then the entrypoint started in a mount and PID namespace of
 * its own, chrooted into them, as the image's user, in its working directory, with its environment.
 */
class ContainerImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = System.getProperty("allocation.image", "");

    @TempDir
    Path folder;

    private Path blobs;
    private JsonNode manifest;
    private JsonNode config;

    @BeforeEach
    void readTheImage() throws Exception {
        assumeThat(IMAGE).as("the image is built by ./mvnw -Pimage verify; without -Pimage there is none to test")
                .isNotEmpty();
        Path tar = Path.of(IMAGE);
        assertThat(tar).as("the image the build made").isRegularFile();
        Path layout = Files.createDirectory(folder.resolve("layout"));
        run(List.of("tar", "-xf", tar.toString(), "-C", layout.toString()));
        blobs = layout.resolve("blobs/sha256");
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        manifest = blob(index.at("/manifests/0/digest").asText());
        config = blob(manifest.at("/config/digest").asText()).get("config");
    }

    @Test
    void itStartsTheServiceOnPort8080AsAUserThatIsNotRoot() {
        List<String> entrypoint = strings(config.get("Entrypoint"));
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo(AllocationService.class.getName());
        assertThat(fieldNames(config.get("ExposedPorts"))).containsExactly("8080/tcp");
        String user = config.get("User").asText();
        assertThat(user).as("the image's user").isNotBlank();
        assertThat(user.split(":")[0]).as("the image's user").isNotIn("0", "root");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/var/lib/allocation");
        // The default DATABASE_URL, ./data/allocation, is in the working directory: a volume keeps it.
        assertThat(fieldNames(config.get("Volumes"))).containsExactly("/var/lib/allocation/data");
    }

    @Test
    void itsEntrypointServesTheApiFromTheImagesOwnFilesAndKeepsItsDataInTheVolume() throws Exception {
        assumeThat(run(List.of("id", "-u")).strip()).as("unpacking an image and chrooting into it needs root")
                .isEqualTo("0");
        // Not in the JUnit temporary folder, whose clean-up warns of each link that points out of it.
        Path root = Files.createTempDirectory("allocation-image-rootfs");
        try {
            runTheEntrypoint(root);
        } finally {
            run(List.of("rm", "-rf", root.toString()));
        }
    }

    private void runTheEntrypoint(Path root) throws Exception {
        for (JsonNode layer : manifest.get("layers")) {
            run(List.of("tar", "-xzf", blobs.resolve(digest(layer.get("digest").asText())).toString(),
                    "-C", root.toString(), "--numeric-owner"));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // A mount and PID namespace of its own: /proc and /dev inside the root, and every process
        // in it ends with the test's.
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                "sh", "-c", """
                        mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" && root=$1 user=$2 && shift 2 \
                          && exec chroot --userspec="$user" "$root" env -i "$@"
                        """, "sh", root.toString(), config.get("User").asText()));
        // env -i, then the image's environment and the port, then cd to its working directory.
        command.addAll(strings(config.get("Env")));
        command.add("HTTP_PORT=" + port);
        command.addAll(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", config.get("WorkingDir").asText()));
        command.addAll(strings(config.get("Entrypoint")));
        Path log = folder.resolve("container.log");
        Process container = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .failFast("the container stopped: " + log, () -> !container.isAlive())
                    .until(() -> status(http, HttpRequest.newBuilder(ready).build()) == 200);
            assertThat(status(http, postJson(port, "/add_batch",
                    "{\"ref\": \"image-1\", \"sku\": \"IMAGE-LAMP\", \"qty\": 5, \"eta\": null}"))).isEqualTo(201);
            assertThat(status(http, postJson(port, "/allocate",
                    "{\"orderid\": \"image-o1\", \"sku\": \"IMAGE-LAMP\", \"qty\": 2}"))).isEqualTo(201);
            HttpRequest read = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/allocations/image-o1")).build();
            assertThat(http.send(read, HttpResponse.BodyHandlers.ofString()).body()).contains("\"batchref\":\"image-1\"");
            // The H2 file is in the volume's folder, and belongs to the image's user.
            Path data = root.resolve("var/lib/allocation/data/allocation.mv.db");
            assertThat(data).isRegularFile();
            assertThat(Files.getAttribute(data, "unix:uid")).hasToString(config.get("User").asText().split(":")[0]);
        } finally {
            stop(container);
        }
        assertThat(Files.readString(log)).as("the container's log").contains("Listening on");
    }

    /**
     * Stops the service and everything else in the namespace. Ending {@code unshare} is not enough:
     * the service runs as the image's user, and changing user clears the signal that
     * {@code --kill-child} relies on, so each process of the tree is stopped by itself.
     */
    private static void stop(Process container) throws InterruptedException {
        List<ProcessHandle> tree = container.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        container.destroy();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly); // a no-op for those that stopped
        }
        if (!container.waitFor(30, TimeUnit.SECONDS)) {
            container.destroyForcibly().waitFor();
        }
    }

    private static HttpRequest postJson(int port, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private JsonNode blob(String digest) throws IOException {
        return JSON.readTree(blobs.resolve(digest(digest)).toFile());
    }

    private static String digest(String digest) {
        assertThat(digest).startsWith("sha256:");
        return digest.substring("sha256:".length());
    }

    private static int status(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(element -> strings.add(element.asText()));
        return strings;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
