package dev.allocation.application.violation;

/** Breaks "JDBC only in the persistence adapter". */
public class ApplicationUsingJdbc {
    java.sql.Connection connection;
}
