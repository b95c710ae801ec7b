package dev.allocation.application.port.out;

import java.util.Optional;

/** Asks the database whether it answers, within a deadline of the adapter's. */
@FunctionalInterface
public interface DatabaseProbe {

    /** Empty when it answers, else what is wrong. */
    Optional<String> problem();
}
