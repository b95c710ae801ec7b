package dev.allocation.adapters.web;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of every route, kept next to this class as
 * {@code openapi.json}. It is written by hand and kept true by a test that checks each real response
 * against it (OpenApiTest in bootstrap).
 */
final class OpenApiDocument {

    private final byte[] json;

    OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the web adapter's jar");
            }
            this.json = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(Context ctx) {
        ctx.contentType("application/json").result(json);
    }
}
