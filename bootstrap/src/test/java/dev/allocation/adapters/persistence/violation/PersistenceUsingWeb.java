package dev.allocation.adapters.persistence.violation;

/** Breaks "adapters never depend on each other", from the persistence side. */
public class PersistenceUsingWeb {
    dev.allocation.adapters.web.conforming.WebClass web;
}
