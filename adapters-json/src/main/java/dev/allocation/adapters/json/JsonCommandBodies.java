package dev.allocation.adapters.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.allocation.domain.commands.MessageFields;
import dev.allocation.domain.model.Refusal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The body of a command, parsed as strictly for a request as for a broker message: UTF-8, one JSON
 * object, no duplicate member, nothing after it. Its members become {@link MessageFields}, which check
 * the fields with the same rules and messages whichever way the command came. This is the one place
 * that turns a parse failure into a message of our own; Jackson's wording names its classes and
 * settings.
 */
public final class JsonCommandBodies {

    /** The body does not parse as one JSON object; the message says where, when it can. */
    public static final class InvalidBody extends Refusal {

        InvalidBody(String message) {
            super(Kind.INVALID, message);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final String what;

    /** @param what how messages name the body: "request body", "message body" */
    public JsonCommandBodies(String what) {
        this.what = what;
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** @throws InvalidBody when the body is not one JSON object in UTF-8 */
    public MessageFields parse(byte[] body) {
        JsonNode node;
        try {
            node = mapper.readTree(utf8(body));
        } catch (StreamConstraintsException e) {
            throw refused("is nested too deeply, or holds a number or a string that is too long");
        } catch (JsonEOFException e) {
            throw refused("ends before its JSON is complete" + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw refused("is not valid JSON" + at(e.getLocation()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw refused("must be a JSON object");
        }
        return new MessageFields(values(object));
    }

    /**
     * The members as {@link MessageFields} takes them: strings, whole numbers, booleans and nulls as such;
     * anything else stays a JSON node, which no field accepts, so it is refused with the field's name.
     */
    private static Map<String, Object> values(ObjectNode object) {
        Map<String, Object> values = new HashMap<>();
        object.fields().forEachRemaining(member -> {
            JsonNode value = member.getValue();
            values.put(member.getKey(), value.isTextual() ? value.textValue()
                    : value.isIntegralNumber() ? value.numberValue()
                    : value.isBoolean() ? (Object) value.booleanValue()
                    : value.isNull() ? null : value);
        });
        return values;
    }

    /** Strictly UTF-8, as JSON must be; a leading byte order mark is allowed and skipped (RFC 8259, 8.1). */
    private String utf8(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw refused("is not valid UTF-8");
        }
    }

    private InvalidBody refused(String problem) {
        return new InvalidBody("The " + what + " " + problem);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
