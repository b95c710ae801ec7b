package dev.allocation.adapters.web.violation;

/** Breaks "the web adapter goes through the bus": it reaches for a unit of work and an aggregate. */
public class WebUsingTheUnitOfWork {
    dev.allocation.application.port.out.UnitOfWork uow;
    dev.allocation.domain.model.Product product;
}
