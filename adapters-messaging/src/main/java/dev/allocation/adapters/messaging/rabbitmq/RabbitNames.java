package dev.allocation.adapters.messaging.rabbitmq;

/**
 * The names of the service's exchanges and queues. The prefix is empty but where several services
 * (or test runs) share one virtual host and must keep apart.
 */
public record RabbitNames(String prefix) {

    public static final RabbitNames STANDARD = new RabbitNames("");

    public String events() {
        return prefix + "allocation.events";
    }

    public String commands() {
        return prefix + "allocation.commands";
    }

    public String deadLetters() {
        return prefix + "allocation.commands.dead-letter";
    }

    public String deadQueue() {
        return prefix + "allocation.commands.dead";
    }

    /** The fanout exchange of the dead letters an operator discarded, and its queue, of the same name. */
    public String discarded() {
        return prefix + "allocation.commands.discarded";
    }
}
