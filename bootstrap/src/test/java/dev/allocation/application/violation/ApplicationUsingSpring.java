package dev.allocation.application.violation;

/** Breaks "Spring only in bootstrap". */
public class ApplicationUsingSpring {
    org.springframework.context.ApplicationContext context;
}
