package dev.allocation.domain.commands;

/**
 * The rules every field of a command keeps, in one place. Names are the ones clients send
 * ({@code orderid}, {@code ref}, ...), so a message can be shown to them as it is.
 */
public final class Fields {

    public static final int MAX_TEXT_LENGTH = 255;
    public static final int MAX_QUANTITY = 1_000_000_000;

    private Fields() {
    }

    /**
     * Checks an identifier: present, not blank, at most 255 characters, no control characters and
     * no lone surrogates (they cannot be stored as sent, so a 201 would not mean what it says).
     *
     * @throws InvalidCommand naming the field
     */
    public static String text(String name, String value) {
        if (value == null) {
            throw new InvalidCommand(name, "Field '" + name + "' is required");
        }
        if (value.isBlank()) {
            throw new InvalidCommand(name, "Field '" + name + "' must not be blank");
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new InvalidCommand(name, "Field '" + name + "' must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        if (hasControlCharacter(value)) {
            throw new InvalidCommand(name, "Field '" + name + "' must not contain control characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidCommand(name, "Field '" + name + "' must be valid Unicode text (it holds a lone surrogate)");
            }
        }
        return value;
    }

    /** Whether the text holds a C0 control character or DEL, which no identifier may. */
    public static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
    }

    /** @throws InvalidCommand naming the field, when the quantity is outside minimum..1,000,000,000 */
    public static int quantity(String name, long value, int minimum) {
        if (value < minimum || value > MAX_QUANTITY) {
            throw new InvalidCommand(name, "Field '" + name + "' must be between " + minimum + " and " + MAX_QUANTITY);
        }
        return (int) value;
    }
}
