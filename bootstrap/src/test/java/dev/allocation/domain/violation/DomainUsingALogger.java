package dev.allocation.domain.violation;

/** Breaks "the domain depends only on the JDK". */
public class DomainUsingALogger {
    org.slf4j.Logger log;
}
