package dev.allocation.application.port.in;

/** A message with this id took effect before: it is not handled again. */
public final class AlreadyHandled extends RuntimeException {

    private final String messageId;

    public AlreadyHandled(String messageId) {
        super("Message " + messageId + " has taken effect already");
        this.messageId = messageId;
    }

    public String messageId() {
        return messageId;
    }
}
