package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DatabaseStartFailure;

import java.net.BindException;
import java.util.Optional;

/**
 * Why the service could not start, in one line that names the cause and what to do about it. The
 * exception that Spring hands back wraps the cause in several layers named after beans; the cause
 * is what a user can act on.
 */
final class StartupFailure {

    private StartupFailure() {
    }

    static String describe(Throwable failure, ServiceSettings settings) {
        Optional<String> database = DatabaseStartFailure.describe(failure, settings.database());
        if (database.isPresent()) {
            return database.get();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "port " + settings.port() + " on " + settings.host() + " is in use: stop what listens there, "
                        + "or set HTTP_PORT to a free port (0 picks one)";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage() + " (LOG_LEVEL=debug logs its stack trace)";
    }
}
