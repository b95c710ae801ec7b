package dev.allocation.adapters.persistence.messages;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells the publication relays of this process that a commit stored publications for their
 * destination, so that they send them at once rather than at their next read.
 */
public final class StoredPublicationSignals {

    private final ConcurrentMap<String, List<Runnable>> listeners = new ConcurrentHashMap<>();

    void whenStored(String destination, Runnable wake) {
        listeners.computeIfAbsent(destination, d -> new CopyOnWriteArrayList<>()).add(wake);
    }

    /** Called once the commit that stored publications for these destinations is durable. */
    public void stored(Collection<String> destinations) {
        for (String destination : destinations) {
            listeners.getOrDefault(destination, List.of()).forEach(Runnable::run);
        }
    }
}
