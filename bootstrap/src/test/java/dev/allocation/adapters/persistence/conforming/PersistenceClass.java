package dev.allocation.adapters.persistence.conforming;

/** Keeps the persistence adapter's rules: SQL and JSON, driven ports, the model. */
public class PersistenceClass {
    org.jdbi.v3.core.Jdbi jdbi;
    java.sql.Connection connection;
    com.fasterxml.jackson.databind.ObjectMapper mapper;
    dev.allocation.application.port.out.UnitOfWork uow;
    dev.allocation.domain.model.Product product;
}
