package dev.allocation.adapters.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /docs}: Swagger UI over the service's own {@code /openapi.json}. Its files come from the
 * swagger-ui webjar inside the service's jar, so it works with no internet.
 */
final class SwaggerUi {

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "map", "application/json");

    private final String files;
    private final byte[] page;

    SwaggerUi() {
        this.files = WEBJAR + webjarVersion() + "/";
        this.page = OpenApiDocument.resource(SwaggerUi.class, "docs.html");
    }

    void page(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    /** {@code GET /docs/{file}}: one file of Swagger UI's distribution. */
    void file(Context ctx) {
        String name = ctx.pathParam("file");
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        InputStream in = type == null || name.startsWith(".") ? null : SwaggerUi.class.getClassLoader().getResourceAsStream(files + name);
        if (in == null) {
            throw new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, "No route GET " + ctx.path());
        }
        try (in) {
            ctx.contentType(type).header("Cache-Control", "max-age=3600").result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webjar's folder is named by its version, which its Maven metadata gives. */
    private static String webjarVersion() {
        Properties properties = new Properties();
        try (InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
