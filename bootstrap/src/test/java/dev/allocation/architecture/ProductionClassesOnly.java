package dev.allocation.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Leaves out test classes, both the ones compiled in a module ({@code test-classes}) and the ones
 * shared through a test jar, which {@link ImportOption.DoNotIncludeTests} does not recognise.
 */
public final class ProductionClassesOnly implements ImportOption {

    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
}
