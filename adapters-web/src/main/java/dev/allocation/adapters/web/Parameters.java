package dev.allocation.adapters.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.application.port.in.DiscardReason;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            time = null;
        }
        // Years of four digits: what both databases store, and what a client means.
        if (time == null || time.getYear() < 1 || time.getYear() > 9999) {
            throw new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST,
                    what + " must be a time with its offset, such as 2026-01-31T12:00:00Z, was '" + value + "'");
        }
        return time.toInstant();
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
        return Optional.of(withoutNul("Field '" + name + "'", value.asText()));
    }

    /** The query parameter {@code name}, which may be absent or blank. */
    static Optional<String> text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(withoutNul("Query parameter '" + name + "'", value));
    }

    /** The path parameter {@code name}. */
    static String path(Context ctx, String name) {
        return withoutNul("The path's " + name, ctx.pathParam(name));
    }

    /** PostgreSQL can neither store nor compare text holding U+0000: refused here, as the same on H2. */
    private static String withoutNul(String what, String value) {
        if (value.indexOf('\u0000') >= 0) {
            throw bad(what + " must not contain the character U+0000");
        }
        return value;
    }

    /** A time that may be absent, as {@link #time}. */
    static Optional<Instant> optionalTime(String what, String value) {
        return value == null ? Optional.empty() : Optional.of(time(what, value));
    }

    /**
     * The body of an admin change: a JSON object with no field but {@code fields}; no body at all is an
     * empty one (a bulk change's filter of every dead one). A field the route does not know, or one sent
     * in the query, is refused rather than ignored: a misspelt filter would widen a bulk change to
     * everything.
     */
    static JsonNode changeBody(Context ctx, ObjectMapper mapper, Set<String> fields) {
        String taken = fields.isEmpty() ? "none" : String.join(", ", new TreeSet<>(fields));
        if (!ctx.queryParamMap().isEmpty()) {
            throw bad("This route takes its fields in a JSON body, not in the query (" + String.join(", ", ctx.queryParamMap().keySet())
                    + "); its fields: " + taken);
        }
        JsonNode body = ctx.bodyAsBytes().length == 0 ? mapper.createObjectNode()
                : object(ctx, mapper, "The request body must be a JSON object");
        body.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw bad("Field '" + name + "' is not one this route takes; its fields: " + taken);
            }
        });
        return body;
    }

    /** The field {@code reason} of a discard. */
    static String reason(JsonNode body) {
        String reason = field(body, "reason").orElseThrow(() -> bad("Field 'reason' must be a non-empty string: why it is discarded"));
        if (reason.length() > DiscardReason.MOST_CHARS) {
            throw bad("Field 'reason' must be at most " + DiscardReason.MOST_CHARS + " characters, was " + reason.length());
        }
        return reason;
    }

    static ErrorMapping.HttpError bad(String message) {
        return new ErrorMapping.HttpError(HttpStatus.BAD_REQUEST, message);
    }
}
