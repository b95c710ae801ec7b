package dev.allocation.adapters.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.allocation.domain.commands.MessageFields;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A request's body, parsed: strict UTF-8 and strict JSON, one object, whose members become the
 * fields of a command ({@link MessageFields}, which every driving adapter shares for the types and
 * values of those fields). This is the one place that turns a parse failure into a message of our
 * own; Jackson's wording names its classes and settings.
 */
final class JsonBody {

    private JsonBody() {
    }

    static MessageFields parse(byte[] body, ObjectMapper mapper) {
        JsonNode node;
        try {
            node = mapper.readTree(utf8(body));
        } catch (StreamConstraintsException e) {
            throw new BadRequest("The request body is nested too deeply, or holds a number or a string that is too long");
        } catch (JsonEOFException e) {
            throw new BadRequest("The request body ends before its JSON is complete" + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new BadRequest("The request body is not valid JSON" + at(e.getLocation()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new BadRequest("The request body must be a JSON object");
        }
        return new MessageFields(values(object));
    }

    /**
     * The members as {@link MessageFields} takes them: strings, whole numbers and nulls as such;
     * anything else stays a JSON node, which no field accepts, so it is refused with the field's name.
     */
    private static Map<String, Object> values(ObjectNode object) {
        Map<String, Object> values = new HashMap<>();
        object.fields().forEachRemaining(member -> {
            JsonNode value = member.getValue();
            values.put(member.getKey(), value.isTextual() ? value.textValue()
                    : value.isIntegralNumber() ? value.numberValue()
                    : value.isNull() ? null : value);
        });
        return values;
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
}
