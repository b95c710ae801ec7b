package dev.allocation.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** What the history and admin routes read alike from a query or a body: a page's size, a time, a JSON object and its fields, a reason. */
final class Parameters {

    private Parameters() {
    }

    /** The query parameter {@code limit}: from 1 to {@code max}, {@code fallback} when absent. */
    static int limit(String value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST,
                "Query parameter 'limit' must be a whole number from 1 to " + max + ", was '" + value + "'");
    }

    /**
     * A time with its offset, ISO 8601.
     *
     * @param what how the error names it: "Query parameter 'after'", "Field 'from'"
     */
    static Instant time(String what, String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST,
                    what + " must be a time with its offset, such as 2026-01-31T12:00:00Z, was '" + value + "'");
        }
    }

    /**
     * The body as a JSON object.
     *
     * @param refusal the 400's message when it is not one
     */
    static JsonNode object(Context ctx, ObjectMapper mapper, String refusal) {
        try {
            JsonNode body = mapper.readTree(ctx.bodyAsBytes());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST, refusal);
    }

    /** A field that must be a non-empty string when it is there; empty when absent or null. */
    static Optional<String> field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST, "Field '" + name + "' must be a non-empty string");
        }
        return Optional.of(value.asText());
    }

    /** A query parameter that may be absent or blank. */
    static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** A time that may be absent, as {@link #time}. */
    static Optional<Instant> optionalTime(String what, String value) {
        return value == null ? Optional.empty() : Optional.of(time(what, value));
    }

    /** The body of a bulk admin change: a JSON object; no body at all is an empty one (every dead one). */
    static JsonNode filterBody(Context ctx, ObjectMapper mapper) {
        return ctx.bodyAsBytes().length == 0 ? mapper.createObjectNode()
                : object(ctx, mapper, "The request body must be a JSON object");
    }

    /** The field {@code reason} of a discard. */
    static String reason(JsonNode body) {
        return field(body, "reason").orElseThrow(() -> bad("Field 'reason' must be a non-empty string: why it is discarded"));
    }

    static ErrorMapping.HttpError bad(String message) {
        return new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST, message);
    }
}
