package dev.allocation.adapters.persistence.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.domain.events.Event;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Events as stored: the record's simple name as the type, its components as a JSON object. */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Every event type there is, by name: read from the sealed interface, so a new one needs no entry here. */
    private static final Map<String, Class<?>> TYPES = Arrays.stream(Event.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventJson() {
    }

    static String type(Event event) {
        return event.getClass().getSimpleName();
    }

    static String payload(Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event + " as JSON", e);
        }
    }

    /**
     * The payloads of one write: an event stored for several handlers, destinations and the history is
     * written as JSON once.
     */
    public static final class Payloads {

        private final Map<Event, String> written = new IdentityHashMap<>();

        String of(Event event) {
            return written.computeIfAbsent(event, EventJson::payload);
        }
    }

    static Event read(String type, String payload) {
        Class<?> eventType = TYPES.get(type);
        if (eventType == null) {
            throw new IllegalStateException("no event type is named " + type);
        }
        try {
            return (Event) MAPPER.readValue(payload, eventType);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type + " is not readable: " + payload, e);
        }
    }
}
