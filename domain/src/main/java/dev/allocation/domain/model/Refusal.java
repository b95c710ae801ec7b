package dev.allocation.domain.model;

/**
 * A message the service will not carry out as it stands: sent again unchanged, it is refused again.
 * Every driving adapter answers a refusal the same way (HTTP with a 4xx, a broker with a dead letter)
 * by switching on its {@link Kind}, and the message bus counts it as refused, not failed.
 */
public abstract class Refusal extends RuntimeException {

    /** Why it is refused, which decides the answer. */
    public enum Kind {
        /** The message itself breaks the rules: a field, the body. */
        INVALID,
        /** It names something that does not exist. */
        NOT_FOUND,
        /** It contradicts what is stored. */
        CONFLICT
    }

    private final Kind kind;

    protected Refusal(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public final Kind kind() {
        return kind;
    }
}
