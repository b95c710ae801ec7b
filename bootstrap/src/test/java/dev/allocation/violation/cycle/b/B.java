package dev.allocation.violation.cycle.b;

/** With {@code A}, breaks "no package cycles". */
public class B {
    dev.allocation.violation.cycle.a.A a;
}
