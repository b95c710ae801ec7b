package dev.allocation.adapters.persistence.messages;

import dev.allocation.application.port.out.Publication;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * Tells the publication relays of this process that a commit stored publications for their
 * destination, so that they send them at once rather than at their next read.
 */
public final class StoredPublicationSignals {

    private final ConcurrentMap<String, List<IntConsumer>> listeners = new ConcurrentHashMap<>();

    void whenStored(String destination, IntConsumer wake) {
        listeners.computeIfAbsent(destination, d -> new CopyOnWriteArrayList<>()).add(wake);
    }

    /** Called once the commit that stored these publications is durable: each destination's lanes, once. */
    public void stored(Collection<StoredOutbox.NewPublication> publications) {
        // The lanes already woken, by destination: a commit has few publications, and few destinations.
        Map<String, BitSet> woken = new HashMap<>(4);
        for (StoredOutbox.NewPublication publication : publications) {
            int lane = Publication.lane(publication.event().message().sku());
            BitSet lanes = woken.computeIfAbsent(publication.destination(), destination -> new BitSet(Publication.LANES));
            if (!lanes.get(lane)) {
                lanes.set(lane);
                listeners.getOrDefault(publication.destination(), List.of()).forEach(wake -> wake.accept(lane));
            }
        }
    }
}
