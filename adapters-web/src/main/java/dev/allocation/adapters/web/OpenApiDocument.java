package dev.allocation.adapters.web;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of every route, kept next to this class as
 * {@code openapi.json}. It is written by hand and kept true by a test that checks each real response
 * against it (OpenApiIT in bootstrap).
 */
final class OpenApiDocument {

    private final byte[] json;

    OpenApiDocument() {
        this.json = resource(OpenApiDocument.class, "openapi.json");
    }

    /** A file kept next to {@code owner} in the web adapter's jar. */
    static byte[] resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the web adapter's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(Context ctx) {
        ctx.contentType("application/json").result(json);
    }
}
