package dev.allocation.adapters.messaging.conforming;

/** Keeps the messaging adapter's rules: broker clients and JSON, the bus in, the publisher port out, commands, refusals. */
public class MessagingClass {
    com.rabbitmq.client.Channel channel;
    redis.clients.jedis.Jedis jedis;
    com.fasterxml.jackson.databind.ObjectMapper mapper;
    dev.allocation.application.port.in.CommandBus bus;
    dev.allocation.application.port.out.EventPublisher publisher;
    dev.allocation.domain.commands.Allocate command;
    dev.allocation.domain.model.ConflictingOrderLine refusal;
}
