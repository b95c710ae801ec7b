package dev.allocation.application.messagebus;

import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.Deliveries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers in the background what the request that recorded it did not: deliveries left by a crash
 * or a lost connection (once their {@link Delivery#IN_PROCESS_LEASE} has passed), and failed ones
 * when their retry falls due. It starts with whatever is pending, and any number of instances may run
 * against one database: a delivery is claimed, in its order, before it is run.
 */
public final class DeliveryRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRelay.class);

    private final MessageBus bus;
    private final DeliverySequences sequences;
    private final Duration idlePause;
    private final Thread thread;
    private volatile boolean running = true;

    public DeliveryRelay(MessageBus bus, Deliveries deliveries, Clock clock, Duration idlePause) {
        this.bus = Objects.requireNonNull(bus);
        this.sequences = new DeliverySequences(deliveries, clock);
        this.idlePause = Objects.requireNonNull(idlePause);
        this.thread = new Thread(this::loop, "delivery-relay");
        this.thread.setDaemon(true);
    }

    public DeliveryRelay start() {
        thread.start();
        return this;
    }

    /**
     * One pass over what is due: the first delivery of each sequence, and when it goes, the rest of
     * its sequence.
     *
     * @return how many deliveries were delivered
     */
    public int deliverDue() {
        int delivered = 0;
        for (Delivery first : sequences.firstsDue()) {
            if (running && bus.deliver(first)) {
                delivered += 1 + sequences.deliverTheRest(first.handler(), first.sku(),
                        delivery -> running && bus.deliver(delivery));
            }
        }
        return delivered;
    }

    private void loop() {
        while (running) {
            try {
                if (deliverDue() == 0) {
                    LockSupport.parkNanos(idlePause.toNanos());
                }
            } catch (RuntimeException e) {
                log.warn("The delivery relay could not read the deliveries: {}", e.getMessage());
                LockSupport.parkNanos(Math.max(idlePause.toNanos(), Duration.ofSeconds(1).toNanos()));
            }
        }
    }

    /** Stops after the delivery in hand. */
    @Override
    public void close() {
        running = false;
        RelayThreads.awaitStop(thread);
    }
}
