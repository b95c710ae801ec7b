package dev.allocation.domain.commands;

/** A field of a command breaks the rules; the message names the field as clients spell it. */
public final class InvalidCommand extends IllegalArgumentException {

    private final String field;

    public InvalidCommand(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
