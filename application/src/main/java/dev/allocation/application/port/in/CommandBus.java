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
     * @throws RuntimeException what the handler threw, with its own type: a refusal of the domain
     *                          ({@code DuplicateBatch}, {@code ConflictingOrderLine}), {@link InvalidSku},
     *                          {@link UnknownBatch}, or {@link TooManyConflicts}
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
}
