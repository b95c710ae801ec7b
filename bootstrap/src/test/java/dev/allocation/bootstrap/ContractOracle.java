package dev.allocation.bootstrap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.bootstrap.RawHttp.Request;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * docs/api.md's rules for a POST body, written out again from the contract rather than taken from
 * the service's code: the fuzz test compares the service's answers with these.
 */
final class ContractOracle {

    /** A body the contract accepts, with its values as sent. */
    record Accepted(String path, Map<String, Object> values) {
    }

    /** Why the contract refuses a request, and with which status. */
    record Refused(int status, String why) {
    }

    private static final int MAX_BODY = 64 * 1024;
    private static final DateTimeFormatter DATE = new java.time.format.DateTimeFormatterBuilder()
            .appendValue(java.time.temporal.ChronoField.YEAR, 4).appendLiteral('-')
            .appendValue(java.time.temporal.ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(java.time.temporal.ChronoField.DAY_OF_MONTH, 2)
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ContractOracle() {
    }

    /** Either what a valid request carries, or why it is refused. */
    static Object judge(Request request) {
        if (request.body().length > MAX_BODY) {
            return new Refused(413, "body of " + request.body().length + " bytes"); // checked as it arrives, so first
        }
        String contentType = request.headers().get("Content-Type");
        if (contentType != null && !jsonContentType(contentType)) {
            return new Refused(415, "Content-Type " + contentType);
        }
        JsonNode body;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(request.body())).toString();
            body = STRICT.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            return new Refused(400, "not UTF-8");
        } catch (Exception e) {
            return new Refused(400, "not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            return new Refused(400, "not an object");
        }
        String path = new String(request.target(), StandardCharsets.US_ASCII);
        Map<String, Object> values = new LinkedHashMap<>();
        Optional<String> wrong = switch (path) {
            case "/add_batch" -> text(body, "ref", values).or(() -> text(body, "sku", values))
                    .or(() -> quantity(body, "qty", 1, values)).or(() -> date(body, "eta", values));
            case "/allocate" -> text(body, "orderid", values).or(() -> text(body, "sku", values))
                    .or(() -> quantity(body, "qty", 1, values)).or(() -> flag(body, "backorder", values));
            case "/deallocate" -> text(body, "orderid", values).or(() -> text(body, "sku", values));
            case "/change_batch_quantity" -> text(body, "ref", values).or(() -> quantity(body, "qty", 0, values));
            default -> Optional.of("no such route");
        };
        return wrong.<Object>map(why -> new Refused(400, why)).orElseGet(() -> new Accepted(path, values));
    }

    private static boolean jsonContentType(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";", -1);
        String type = parts[0].trim();
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("charset") && !parameter.replace(" ", "").replace("\"", "").equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> text(JsonNode body, String name, Map<String, Object> values) {
        JsonNode node = body.get(name);
        if (node == null || !node.isTextual()) {
            return Optional.of(name + " missing or not a string");
        }
        String value = node.textValue();
        if (value.isBlank() || value.length() > 255) {
            return Optional.of(name + " blank or too long");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return Optional.of(name + " holds a control character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(name + " holds a lone surrogate");
            }
        }
        values.put(name, value);
        return Optional.empty();
    }

    private static Optional<String> quantity(JsonNode body, String name, int minimum, Map<String, Object> values) {
        JsonNode node = body.get(name);
        if (node == null || !node.isIntegralNumber()) {
            return Optional.of(name + " missing or not a whole number");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.compareTo(BigInteger.valueOf(minimum)) < 0 || value.compareTo(BigInteger.valueOf(1_000_000_000)) > 0) {
            return Optional.of(name + " out of range");
        }
        values.put(name, value.intValue());
        return Optional.empty();
    }

    /** Absent or null is false. */
    private static Optional<String> flag(JsonNode body, String name, Map<String, Object> values) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            values.put(name, false);
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            return Optional.of(name + " not true or false");
        }
        values.put(name, node.booleanValue());
        return Optional.empty();
    }

    private static Optional<String> date(JsonNode body, String name, Map<String, Object> values) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            return Optional.of(name + " not a date");
        }
        try {
            values.put(name, LocalDate.parse(node.textValue(), DATE));
            return Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of(name + " not a real date");
        }
    }
}
