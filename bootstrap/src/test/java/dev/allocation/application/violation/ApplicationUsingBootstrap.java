package dev.allocation.application.violation;

/** Breaks "nothing outside bootstrap depends on bootstrap". */
public class ApplicationUsingBootstrap {
    dev.allocation.bootstrap.violation.BootstrapClass wiring;
}
