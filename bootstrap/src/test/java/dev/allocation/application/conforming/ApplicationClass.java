package dev.allocation.application.conforming;

/** Keeps the application's rules: the domain, its own ports and SLF4J. */
public class ApplicationClass {
    dev.allocation.domain.model.Product product;
    dev.allocation.application.port.out.UnitOfWork uow;
    org.slf4j.Logger log;
}
