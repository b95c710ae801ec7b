package dev.allocation.domain.conforming;

/** Keeps the domain's rule: plain Java and the model. */
public class DomainClass {
    java.util.List<dev.allocation.domain.model.Product> products;
    dev.allocation.domain.events.Event event;
}
