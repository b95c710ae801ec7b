package dev.allocation.adapters.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * A request's JSON object, read field by field so that each kind of malformed input gets a message
 * that names the field. It checks only what is JSON's business (presence, type); the rules of the
 * values themselves are the commands' ({@link dev.allocation.domain.commands.Fields}), so every
 * driving adapter shares them. Unknown fields are ignored.
 */
final class JsonBody {

    /** Strict: 2026-02-30 is an error, not March the 2nd. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private final ObjectNode fields;

    private JsonBody(ObjectNode fields) {
        this.fields = fields;
    }

    static JsonBody parse(byte[] body, ObjectMapper mapper) {
        JsonNode node;
        try {
            node = mapper.readTree(utf8(body));
        } catch (StreamConstraintsException e) {
            throw new BadRequest("The request body is nested too deeply, or holds a number or a string that is too long"
                    + at(e.getLocation()));
        } catch (JsonEOFException e) {
            throw new BadRequest("The request body ends before its JSON is complete");
        } catch (JsonProcessingException e) {
            // Jackson's own wording names its classes and settings; the location is what helps.
            throw new BadRequest("The request body is not valid JSON" + at(e.getLocation()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new BadRequest("The request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    /** Strictly UTF-8, as JSON must be; a leading byte order mark is allowed and skipped (RFC 8259, 8.1). */
    private static String utf8(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new BadRequest("The request body is not valid UTF-8");
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    String string(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw new BadRequest("Field '" + name + "' must be a string");
        }
        return value.textValue();
    }

    /** A whole number; one beyond the range of an int is passed on as the nearest int, which the command refuses. */
    int quantity(String name) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber()) {
            throw new BadRequest("Field '" + name + "' must be a whole number");
        }
        if (value.canConvertToInt()) {
            return value.intValue();
        }
        return value.bigIntegerValue().signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    }

    /** Absent or null: none. */
    LocalDate optionalDate(String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest("Field '" + name + "' must be a date as YYYY-MM-DD, or null");
        }
        try {
            return LocalDate.parse(value.textValue(), DATE);
        } catch (DateTimeParseException e) {
            throw new BadRequest("Field '" + name + "' must be a real date as YYYY-MM-DD, was '" + value.textValue() + "'");
        }
    }

    private JsonNode required(String name) {
        JsonNode value = fields.get(name);
        if (value == null) {
            throw new BadRequest("Field '" + name + "' is required");
        }
        if (value.isNull()) {
            throw new BadRequest("Field '" + name + "' must not be null");
        }
        return value;
    }
}
