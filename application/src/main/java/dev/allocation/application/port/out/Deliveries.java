package dev.allocation.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored deliveries of events to the service's own handlers (one per event and handler, written
 * with the event), as the bus and the relay see them: what is due, and what failed.
 */
public interface Deliveries {

    /**
     * The first pending delivery of each (handler, SKU) sequence whose attempt is due at {@code now},
     * oldest first. A sequence whose first delivery waits for a retry is not offered at all.
     */
    List<Delivery> due(Instant now, int limit);

    /**
     * The pending deliveries of one (handler, SKU) sequence, in order, that have not failed or whose
     * retry is due: what may follow its first once that is done.
     */
    List<Delivery> pendingOf(String handler, String sku, Instant now, int limit);

    /**
     * Records a failed attempt: it is tried again from {@code retryAt}, or, when that is empty, parked
     * as dead (it no longer holds back the deliveries after it).
     */
    void failed(Delivery delivery, String error, Optional<Instant> retryAt);
}
