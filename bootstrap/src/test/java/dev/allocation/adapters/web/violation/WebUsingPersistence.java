package dev.allocation.adapters.web.violation;

/** Breaks "adapters never depend on each other", from the web side. */
public class WebUsingPersistence {
    dev.allocation.adapters.persistence.conforming.PersistenceClass persistence;
}
