package dev.allocation.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The service's OpenAPI description as a client reads it: which documented response a request may
 * get, and whether a real response matches it (status, content type, required headers, and the body
 * against its JSON Schema, validated by networknt's validator in the OpenAPI 3.1 dialect). It also
 * keeps count of the documented responses seen, so that a test can tell which were never provoked.
 */
final class OpenApiDescription {

    /** Where the validator finds the document; it is given the text, so nothing is fetched. */
    private static final String IRI = "https://allocation.test/openapi.json";
    /** The responses any request may get, whatever its route (see the document's info). */
    private static final String ANY_REQUEST = "/x-responses-of-any-request";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final Set<String> seen = new TreeSet<>();

    OpenApiDescription(String json) throws JsonProcessingException {
        this.document = JSON.readTree(json);
        this.schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(IRI, json))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    JsonNode document() {
        return document;
    }

    /** What is wrong with this response to {@code method target}; empty when it is as documented. */
    List<String> problems(String method, String target, RawHttp.Response response) {
        String status = String.valueOf(response.status());
        String responsePointer = documentedResponse(method, target, status).orElse(null);
        if (responsePointer == null) {
            return List.of("status " + status + " is not documented for " + method + " " + target);
        }
        seen.add(responsePointer);
        String resolved = resolve(responsePointer);
        JsonNode documented = document.at(resolved);
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> headers = documented.path("headers").fields(); headers.hasNext(); ) {
            Map.Entry<String, JsonNode> header = headers.next();
            String headerPointer = resolve(resolved + "/headers/" + escape(header.getKey()));
            String value = response.headers().get(header.getKey().toLowerCase(Locale.ROOT));
            if (value == null) {
                if (document.at(headerPointer).path("required").asBoolean()) {
                    problems.add("header " + header.getKey() + " is missing");
                }
            } else {
                problems.addAll(validate(headerPointer + "/schema", TextNode.valueOf(value), "header " + header.getKey()));
            }
        }
        JsonNode content = documented.path("content");
        String mediaType = response.header("Content-Type").split(";", 2)[0].trim();
        if (content.isMissingNode()) {
            if (!response.body().isEmpty()) {
                problems.add("a body where none is documented: " + response.body());
            }
        } else if (!content.has(mediaType)) {
            problems.add("Content-Type " + response.header("Content-Type") + " is not one of " + names(content));
        } else {
            String schema = resolved + "/content/" + escape(mediaType) + "/schema";
            problems.addAll(validate(schema, body(mediaType, response.body()), "body " + response.body()));
        }
        return problems.stream().map(p -> method + " " + target + " -> " + status + " (" + responsePointer + "): " + p).toList();
    }

    /** What the request body schema of {@code method path} finds wrong with {@code body}. */
    List<String> requestBodyProblems(String method, String path, String body) throws JsonProcessingException {
        String operation = operation(method, path).orElseThrow(() -> new IllegalArgumentException("no operation " + method + " " + path));
        return validate(operation + "/requestBody/content/application~1json/schema", JSON.readTree(body), "request " + body);
    }

    /** The documented responses no {@link #problems} call has seen. */
    Set<String> unseen() {
        Set<String> all = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                operation.getValue().path("responses").fieldNames().forEachRemaining(status -> all.add(
                        "/paths/" + escape(path.getKey()) + "/" + operation.getKey() + "/responses/" + status));
            }
        }
        document.at(ANY_REQUEST).fieldNames().forEachRemaining(status -> all.add(ANY_REQUEST + "/" + status));
        all.removeAll(seen);
        return all;
    }

    /** The operation's own response for this status, else the one any request may get. */
    private Optional<String> documentedResponse(String method, String target, String status) {
        String path = target.split("\\?", 2)[0];
        Optional<String> own = operation(method, path).map(op -> op + "/responses/" + status)
                .filter(pointer -> !document.at(pointer).isMissingNode());
        if (own.isPresent()) {
            return own;
        }
        String any = ANY_REQUEST + "/" + status;
        return document.at(any).isMissingNode() ? Optional.empty() : Optional.of(any);
    }

    private Optional<String> operation(String method, String path) {
        for (Iterator<String> templates = document.path("paths").fieldNames(); templates.hasNext(); ) {
            String template = templates.next();
            String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            if (Pattern.matches(regex, path)) {
                String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
                return document.at(pointer).isMissingNode() ? Optional.empty() : Optional.of(pointer);
            }
        }
        return Optional.empty();
    }

    /** Follows {@code $ref}s within the document to the object they name. */
    private String resolve(String pointer) {
        String at = pointer;
        for (int hops = 0; document.at(at).has("$ref"); hops++) {
            String ref = document.at(at).path("$ref").asText();
            if (!ref.startsWith("#/") || hops > 10) {
                throw new IllegalStateException("cannot follow " + ref + " from " + pointer);
            }
            at = ref.substring(1);
        }
        return at;
    }

    private List<String> validate(String schemaPointer, JsonNode instance, String what) {
        if (document.at(schemaPointer).isMissingNode()) {
            return List.of("no schema at " + schemaPointer);
        }
        List<Error> errors = schemas.getSchema(SchemaLocation.of(IRI + "#" + schemaPointer)).validate(instance);
        return errors.stream().map(e -> what + ": " + e).toList();
    }

    private static JsonNode body(String mediaType, String body) {
        if (!mediaType.equals("application/json")) {
            return TextNode.valueOf(body);
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf("not JSON: " + body);
        }
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    /** A name as one step of a JSON pointer (RFC 6901). */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
