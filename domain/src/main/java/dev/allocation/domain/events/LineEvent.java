package dev.allocation.domain.events;

/** An event about one order line: what follows an order through time reads these. */
public interface LineEvent {

    String orderId();
}
