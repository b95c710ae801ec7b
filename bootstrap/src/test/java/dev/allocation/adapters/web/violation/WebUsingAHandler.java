package dev.allocation.adapters.web.violation;

/** Breaks "the web adapter goes through the driving ports": it reaches for the handlers and the bus class. */
public class WebUsingAHandler {
    dev.allocation.application.handlers.Handlers handlers;
    dev.allocation.application.messagebus.MessageBus bus;
}
