package dev.allocation.bootstrap;

import dev.allocation.application.messagebus.PublicationRelay;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;

/** The relays that send stored events to the brokers, one per broker; none without brokers. */
public final class PublicationRelays implements AutoCloseable {

    /**
     * A new name of this instance in the publication leases: where it runs, its pid, and a random part
     * for restarts and for several instances in one process.
     */
    static String newHolder() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private final List<PublicationRelay> relays;

    PublicationRelays(List<PublicationRelay> relays) {
        this.relays = List.copyOf(relays);
    }

    void start() {
        relays.forEach(PublicationRelay::start);
    }

    @Override
    public void close() {
        relays.forEach(PublicationRelay::close);
    }
}
