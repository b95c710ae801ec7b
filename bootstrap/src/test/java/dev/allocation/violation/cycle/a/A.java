package dev.allocation.violation.cycle.a;

/** With {@code B}, breaks "no package cycles". */
public class A {
    dev.allocation.violation.cycle.b.B b;
}
