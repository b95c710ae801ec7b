package dev.allocation.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * A request's JSON object, read field by field so that each kind of bad input gets a message that
 * names the field. Unknown fields are ignored.
 */
final class JsonBody {

    static final int MAX_STRING_LENGTH = 255;
    static final int MAX_QUANTITY = 1_000_000_000;
    /** Strict: 2026-02-30 is an error, not March the 2nd. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private final ObjectNode fields;

    private JsonBody(ObjectNode fields) {
        this.fields = fields;
    }

    static JsonBody parse(byte[] body, ObjectMapper mapper) {
        if (body.length == 0) {
            throw new BadRequest("The request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequest("The request body could not be read");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new BadRequest("The request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    String requiredString(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw new BadRequest("Field '" + name + "' must be a string");
        }
        return checkedString(name, value.textValue());
    }

    static String checkedString(String name, String value) {
        if (value.isBlank()) {
            throw new BadRequest("Field '" + name + "' must not be blank");
        }
        if (value.length() > MAX_STRING_LENGTH) {
            throw new BadRequest("Field '" + name + "' must be at most " + MAX_STRING_LENGTH + " characters");
        }
        return value;
    }

    int requiredQuantity(String name, int minimum) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber()) {
            throw new BadRequest("Field '" + name + "' must be a whole number");
        }
        if (!value.canConvertToLong() || value.longValue() < minimum || value.longValue() > MAX_QUANTITY) {
            throw new BadRequest("Field '" + name + "' must be between " + minimum + " and " + MAX_QUANTITY);
        }
        return value.intValue();
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
