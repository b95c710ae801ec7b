package dev.allocation.domain.commands;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Map;

/**
 * The fields of a command as a driving adapter received them (an HTTP body, a broker message),
 * already parsed into plain values: {@code String}, whole numbers ({@code Integer}, {@code Long},
 * {@code BigInteger}), other numbers, {@code Boolean}, lists, maps, or {@code null}. This checks their
 * types, so that every adapter refuses the same input with the same message naming the field; the
 * commands check the values ({@link Fields}). Unknown fields are ignored.
 */
public final class MessageFields {

    /** Strict: 2026-02-30 is an error, not March the 2nd; and a year has four digits, no sign. */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    private final Map<String, ?> fields;

    public MessageFields(Map<String, ?> fields) {
        this.fields = fields;
    }

    public CreateBatch createBatch() {
        return new CreateBatch(string("ref"), string("sku"), wholeNumber("qty"), optionalDate("eta"));
    }

    public Allocate allocate() {
        return new Allocate(string("orderid"), string("sku"), wholeNumber("qty"), optionalFlag("backorder"));
    }

    public Deallocate deallocate() {
        return new Deallocate(string("orderid"), string("sku"));
    }

    public ChangeBatchQuantity changeBatchQuantity() {
        return new ChangeBatchQuantity(string("ref"), wholeNumber("qty"));
    }

    /**
     * cosmicpython's form of the command, {@code {"batchref", "qty"}}, which its message channels
     * carry; failures name {@code batchref} as the sender spelt it.
     */
    public ChangeBatchQuantity changeBatchQuantityAsInTheBook() {
        try {
            return new ChangeBatchQuantity(string("batchref"), wholeNumber("qty"));
        } catch (InvalidCommand e) {
            if (!e.field().equals("ref")) {
                throw e;
            }
            throw new InvalidCommand("batchref", e.getMessage().replace("'ref'", "'batchref'"));
        }
    }

    /**
     * Either form a message channel may carry: the HTTP route's {@code {"ref", "qty"}}, or the book's
     * {@code {"batchref", "qty"}} when there is no {@code ref}.
     */
    public ChangeBatchQuantity changeBatchQuantityInEitherForm() {
        return fields.containsKey("ref") || !fields.containsKey("batchref") ? changeBatchQuantity() : changeBatchQuantityAsInTheBook();
    }

    private String string(String name) {
        if (required(name) instanceof String text) {
            return text;
        }
        throw new InvalidCommand(name, "Field '" + name + "' must be a string");
    }

    /** One beyond the range of an int becomes the nearest int, which the command's range refuses. */
    private int wholeNumber(String name) {
        Object value = required(name);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long whole = ((Number) value).longValue();
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, whole));
        }
        if (value instanceof BigInteger big) {
            return big.signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
        throw new InvalidCommand(name, "Field '" + name + "' must be a whole number");
    }

    /** Absent or null: false. */
    private boolean optionalFlag(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            throw new InvalidCommand(name, "Field '" + name + "' must be true or false");
        }
        return flag;
    }

    /** Absent or null: none. */
    private LocalDate optionalDate(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidCommand(name, "Field '" + name + "' must be a date as YYYY-MM-DD, or null");
        }
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            throw new InvalidCommand(name, "Field '" + name + "' must be a real date as YYYY-MM-DD, was '" + text + "'");
        }
    }

    private Object required(String name) {
        if (!fields.containsKey(name)) {
            throw new InvalidCommand(name, "Field '" + name + "' is required");
        }
        Object value = fields.get(name);
        if (value == null) {
            throw new InvalidCommand(name, "Field '" + name + "' must not be null");
        }
        return value;
    }
}
