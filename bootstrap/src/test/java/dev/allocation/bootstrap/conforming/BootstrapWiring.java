package dev.allocation.bootstrap.conforming;

/** Keeps bootstrap's rules: it may see everything, Spring included. */
public class BootstrapWiring {
    org.springframework.context.ApplicationContext context;
    dev.allocation.adapters.web.HttpServer server;
    dev.allocation.adapters.persistence.JdbiDatabase database;
    dev.allocation.application.messagebus.MessageBus bus;
}
