package dev.allocation.adapters.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Adds the routes and remembers which methods each path takes: a 405 names them in its
 * {@code Allow} header (RFC 9110, section 15.5.6), and {@code OPTIONS} answers with them.
 */
final class AllowedMethods {

    private final RoutesConfig routes;
    /** By path template ({@code /allocations/{orderid}}), in the order added. */
    private final Map<String, Route> byTemplate = new LinkedHashMap<>();

    private record Route(Pattern path, Set<String> methods) {
    }

    AllowedMethods(RoutesConfig routes) {
        this.routes = routes;
    }

    /** HEAD runs the GET route too, so that it answers the same status (Jetty sends no body for it). */
    void get(String template, Handler handler) {
        routes.get(template, handler);
        routes.head(template, handler);
        remember("GET", template);
        remember("HEAD", template);
    }

    void post(String template, Handler handler) {
        routes.post(template, handler);
        remember("POST", template);
    }

    private void remember(String method, String template) {
        byTemplate.computeIfAbsent(template, t -> new Route(pattern(t), new TreeSet<>(Set.of("OPTIONS")))).methods().add(method);
    }

    /**
     * A {@code {parameter}} segment matches any one segment; the rest literally; a trailing slash is
     * allowed, as Javalin's routes allow it.
     */
    private static Pattern pattern(String template) {
        return Pattern.compile(Arrays.stream(template.split("/", -1))
                .map(segment -> segment.startsWith("{") && segment.endsWith("}") ? "[^/]+" : Pattern.quote(segment))
                .collect(Collectors.joining("/")) + "/?");
    }

    /** The {@code Allow} header's value for a request path, or empty when no route has that path. */
    Optional<String> allow(String path) {
        return byTemplate.values().stream().filter(route -> route.path().matcher(path).matches()).findFirst()
                .map(route -> String.join(", ", route.methods()));
    }
}
