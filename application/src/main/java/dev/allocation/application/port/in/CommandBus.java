package dev.allocation.application.port.in;

import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.commands.Command;

/**
 * What driving adapters (HTTP, a broker) call to change anything: one command in, its typed answer
 * out. By the time it returns, the command is committed and so are the events it caused, each
 * delivered to its handlers or stored for the relay to deliver.
 */
public interface CommandBus {

    /**
     * Handles the command and the chain of events that follows it.
     *
     * @param correlationId the id of the request, carried by every message of the chain
     * @return the handler's answer
     * @throws dev.allocation.domain.model.Refusal when the message is refused, with the type the
     *                          handler or the model gave it
     * @throws TooManyConflicts  when other changes of the product kept winning until the retries ran out
     * @throws dev.allocation.application.port.out.DatabaseUnavailable when the database does not answer
     */
    <R> R handle(Command<R> command, String correlationId);

    /**
     * Handles a command that came as a message with an id of its own, so that a message delivered or
     * sent more than once takes effect once: the id is stored in the command's transaction.
     *
     * @param messageId the sender's id of the message
     * @throws AlreadyHandled when a message with this id took effect before; nothing was done
     */
    <R> R handleOnce(String messageId, Command<R> command, String correlationId);

    /** Handles a command that starts a chain of its own, with a new correlation id. */
    default <R> R handle(Command<R> command) {
        return handle(command, Envelope.newId());
    }

    /** A message with this id took effect before: it is not handled again. */
    final class AlreadyHandled extends RuntimeException {

        private final String messageId;

        public AlreadyHandled(String messageId) {
            super("Message " + messageId + " has taken effect already");
            this.messageId = messageId;
        }

        public String messageId() {
            return messageId;
        }
    }

    /**
     * A command kept colliding with other changes of its product until its retry budget ran out. Rare
     * (the bus retries for a few seconds); the client may simply send it again.
     */
    final class TooManyConflicts extends RuntimeException {

        private final String sku;

        public TooManyConflicts(String sku, String message, Throwable cause) {
            super(message, cause);
            this.sku = sku;
        }

        /** The product in contention, or null when the database did not say. */
        public String sku() {
            return sku;
        }
    }
}
