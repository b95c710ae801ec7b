package dev.allocation.adapters.messaging;

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

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A message's body, parsed as strictly as the HTTP API parses a request's: UTF-8, one JSON object,
 * no duplicate or trailing content. Its members become {@link MessageFields}, which check the
 * fields with the same rules and messages as HTTP.
 */
public final class CommandBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        MAPPER.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private CommandBodies() {
    }

    /** @throws Unacceptable when the body is not one JSON object in UTF-8 */
    public static MessageFields parse(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(utf8(body));
        } catch (StreamConstraintsException e) {
            throw new Unacceptable("The message body is nested too deeply, or holds a number or a string that is too long");
        } catch (JsonEOFException e) {
            throw new Unacceptable("The message body ends before its JSON is complete" + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new Unacceptable("The message body is not valid JSON" + at(e.getLocation()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new Unacceptable("The message body must be a JSON object");
        }
        Map<String, Object> values = new HashMap<>();
        object.fields().forEachRemaining(member -> {
            JsonNode value = member.getValue();
            values.put(member.getKey(), value.isTextual() ? value.textValue()
                    : value.isIntegralNumber() ? value.numberValue()
                    : value.isNull() ? null : value);
        });
        return new MessageFields(values);
    }

    private static String utf8(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new Unacceptable("The message body is not valid UTF-8");
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
