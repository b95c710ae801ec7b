package dev.allocation.adapters.web;

import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.in.EventHistoryView;
import dev.allocation.application.port.in.OrdersView;
import dev.allocation.application.port.in.ProductsView;

import java.util.Objects;

/** The read side's driving ports that the API answers from, besides the bus. */
public record Views(AllocationsView allocations, OrdersView orders, ProductsView products, EventHistoryView history) {

    public Views {
        Objects.requireNonNull(allocations);
        Objects.requireNonNull(orders);
        Objects.requireNonNull(products);
        Objects.requireNonNull(history);
    }
}
