package dev.allocation.application.violation;

/** Breaks "broker clients only in the messaging adapter". */
public class ApplicationUsingRabbitMq {
    com.rabbitmq.client.Channel channel;
}
