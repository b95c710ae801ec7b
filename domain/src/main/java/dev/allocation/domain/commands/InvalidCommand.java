package dev.allocation.domain.commands;

import dev.allocation.domain.model.Refusal;

/** A field of a command breaks the rules; the message names the field as clients spell it. */
public final class InvalidCommand extends Refusal {

    private final String field;

    public InvalidCommand(String field, String message) {
        super(Kind.INVALID, message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
