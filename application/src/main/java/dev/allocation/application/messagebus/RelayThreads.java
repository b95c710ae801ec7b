package dev.allocation.application.messagebus;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** How a relay's thread is stopped: woken from its pause and waited for, never interrupted (that would break its database connection). */
final class RelayThreads {

    /** Long enough for the batch or delivery in hand. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private RelayThreads() {
    }

    /** The thread's loop must already have been told to stop; this wakes it and waits for it. */
    static void awaitStop(Thread thread) {
        LockSupport.unpark(thread);
        try {
            thread.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
