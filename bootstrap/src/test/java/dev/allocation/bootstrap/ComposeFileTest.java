package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * compose.yaml, the multi-instance setup of docs/operations.md, kept in step with the service: no
 * Docker engine runs where this project is built, so what the file says is checked here instead.
 */
class ComposeFileTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> SETTINGS = Usage.SETTINGS.stream()
            .flatMap(setting -> Arrays.stream(setting.names().split(", ")))
            .collect(Collectors.toSet());

    private final JsonNode services = compose().get("services");

    @Test
    void twoInstancesRunTheImageTheBuildMakesWithSettingsTheServiceKnows() {
        List<JsonNode> instances = instances();
        assertThat(instances).hasSize(2);
        String version = Usage.version().substring("allocation-service ".length());
        for (JsonNode instance : instances) {
            assertThat(instance.get("image").asText()).isEqualTo("allocation-service:" + version);
            assertThat(fieldNames(instance.get("environment"))).isSubsetOf(SETTINGS);
            assertThat(instance.at("/healthcheck/test").toString()).contains("/health/ready");
        }
        assertThat(instances.get(0).get("environment")).isEqualTo(instances.get(1).get("environment"));
    }

    @Test
    void theInstancesShareTheComposedPostgresqlAndRabbitmqWithTheirCredentials() {
        JsonNode environment = instances().get(0).get("environment");
        JsonNode postgres = services.at("/postgres/environment");
        assertThat(environment.get("DATABASE_URL").asText())
                .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB").asText());
        assertThat(environment.get("DATABASE_USER").asText()).isEqualTo(postgres.get("POSTGRES_USER").asText());
        assertThat(environment.get("DATABASE_PASSWORD").asText()).isEqualTo(postgres.get("POSTGRES_PASSWORD").asText());

        URI rabbitMq = URI.create(environment.get("RABBITMQ_URL").asText());
        JsonNode broker = services.at("/rabbitmq/environment");
        assertThat(rabbitMq.getHost()).isEqualTo("rabbitmq");
        assertThat(rabbitMq.getUserInfo()).isEqualTo(
                broker.get("RABBITMQ_DEFAULT_USER").asText() + ":" + broker.get("RABBITMQ_DEFAULT_PASS").asText());
    }

    @Test
    void theGatewayPublishesOnePortAndSpreadsRequestsOverEveryInstance() throws IOException {
        JsonNode gateway = services.get("gateway");
        assertThat(gateway.get("ports").toString()).isEqualTo("[\"8080:8080\"]");
        String mount = gateway.get("volumes").get(0).asText();
        String nginx = Files.readString(PROJECT.resolve(mount.substring(0, mount.indexOf(':'))));

        Matcher server = Pattern.compile("server (\\S+):8080;").matcher(nginx);
        List<String> upstream = new ArrayList<>();
        while (server.find()) {
            upstream.add(server.group(1));
        }
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("allocation-")) {
                names.add(name);
            }
        });
        assertThat(upstream).containsExactlyInAnyOrderElementsOf(names);
        assertThat(nginx).contains("listen 8080;").contains("proxy_next_upstream error timeout http_503;");
    }

    private List<JsonNode> instances() {
        List<JsonNode> instances = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            if (service.getKey().startsWith("allocation-")) {
                instances.add(service.getValue());
            }
        });
        return instances;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode compose() {
        try {
            // SnakeYAML, which resolves the file's anchors (allocation-2: *allocation) as Compose does.
            Object yaml = new Yaml().load(Files.readString(PROJECT.resolve("compose.yaml")));
            return new ObjectMapper().valueToTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException("compose.yaml does not read", e);
        }
    }
}
