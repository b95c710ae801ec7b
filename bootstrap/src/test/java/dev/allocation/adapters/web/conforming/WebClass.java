package dev.allocation.adapters.web.conforming;

/** Keeps the web adapter's rules: HTTP and JSON, driving ports, commands, the model's exceptions. */
public class WebClass {
    io.javalin.http.Context ctx;
    com.fasterxml.jackson.databind.ObjectMapper mapper;
    dev.allocation.application.port.in.CommandBus bus;
    dev.allocation.application.port.in.AllocationsView view;
    dev.allocation.domain.commands.Allocate command;
    dev.allocation.domain.model.DuplicateBatch refusal;
}
