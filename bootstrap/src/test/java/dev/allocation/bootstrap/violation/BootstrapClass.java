package dev.allocation.bootstrap.violation;

/** A class of bootstrap for {@code ApplicationUsingBootstrap} to depend on. */
public class BootstrapClass {
}
