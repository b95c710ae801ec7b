package dev.allocation.application.fake;

import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.application.port.out.Publication;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Backordered;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.events.LineEvent;
import dev.allocation.domain.model.BackorderList;
import dev.allocation.domain.model.Batch;
import dev.allocation.domain.model.DuplicateBatch;
import dev.allocation.domain.model.LineList;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * A database in memory with the guarantees of the real one: units of work read copies and write back
 * on commit behind the same version check; the events a commit records are stored with it, one
 * delivery per (event, handler) and one publication per (event, destination), and so is the id of
 * the message it received; a delivery is claimed in its (handler, SKU) order and removed by the
 * commit that completes it. It writes lines from the events, as the JDBI adapter does.
 */
public final class FakeDatabase implements UnitOfWorkFactory, Deliveries, Outbox, EventHistory {

    private final Subscriptions subscriptions;
    private final Clock clock;
    private final Map<String, StoredProduct> products = new HashMap<>();
    private final TreeMap<Long, StoredDelivery> deliveries = new TreeMap<>();
    private final TreeMap<Long, Publication> publications = new TreeMap<>();
    private final TreeMap<Long, Envelope<Event>> history = new TreeMap<>();
    private long nextHistoryPosition = 1;
    private final Map<String, List<IntConsumer>> whenStored = new HashMap<>();
    private final Map<String, Instant> received = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private long nextSequence = 1;
    private int commits;

    /** A database whose events have no handlers. */
    public FakeDatabase() {
        this(type -> List.of());
    }

    public FakeDatabase(Subscriptions subscriptions) {
        this(subscriptions, Clock.systemUTC());
    }

    public FakeDatabase(Subscriptions subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    private record StoredBatch(String reference, String sku, int purchased, LocalDate eta, List<OrderLine> lines) {

        int allocated() {
            return lines.stream().mapToInt(OrderLine::qty).sum();
        }
    }

    private record Lease(String holder, Instant until) {
    }

    /** @param waiting the backordered lines by order id, oldest first */
    private record StoredProduct(long version, Map<String, StoredBatch> batches, LinkedHashMap<String, OrderLine> waiting) {
    }

    private static final class StoredDelivery {
        final long sequence;
        final Delivery delivery;
        int attempts;
        boolean dead;
        Instant nextAttemptAt;
        String lastError;
        FakeUnitOfWork claimedBy;

        StoredDelivery(long sequence, Delivery delivery, Instant nextAttemptAt) {
            this.sequence = sequence;
            this.delivery = delivery;
            this.nextAttemptAt = nextAttemptAt;
        }

        Delivery current() {
            Delivery d = delivery;
            return new Delivery(d.id(), d.handler(), d.event(), attempts);
        }

        boolean sameSequence(String handler, String sku) {
            return delivery.handler().equals(handler) && delivery.sku().equals(sku);
        }
    }

    @Override
    public FakeUnitOfWork begin(Envelope<?> cause) {
        return new FakeUnitOfWork(this, cause);
    }

    /** How many units of work committed. */
    public synchronized int commits() {
        return commits;
    }

    /** The committed product, read as a unit of work would. */
    public synchronized Optional<Product> committed(String sku) {
        return read(sku);
    }

    /** The deliveries not yet done, oldest first (dead ones included). */
    public synchronized List<Delivery> storedDeliveries() {
        return deliveries.values().stream().map(StoredDelivery::current).toList();
    }

    /** The deliveries parked as dead, oldest first. */
    public synchronized List<Delivery> deadDeliveries() {
        return deliveries.values().stream().filter(d -> d.dead).map(StoredDelivery::current).toList();
    }

    /** Whether a committed unit of work received the message. */
    synchronized boolean received(String messageId) {
        return received.containsKey(messageId);
    }

    synchronized Optional<Product> read(String sku) {
        StoredProduct stored = products.get(sku);
        if (stored == null) {
            return Optional.empty();
        }
        List<Batch> batches = stored.batches().values().stream()
                .map(b -> Batch.restore(b.reference(), b.sku(), b.purchased(), b.eta(), b.allocated(), new LineList(b.lines())))
                .toList();
        return Optional.of(Product.restore(sku, stored.version(), batches, new BackorderList(stored.waiting().values())));
    }

    synchronized Optional<String> skuOfBatch(String reference) {
        return products.entrySet().stream()
                .filter(entry -> entry.getValue().batches().containsKey(reference))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    synchronized long version(String sku) {
        return products.get(sku).version();
    }

    /** Waits while another unit of work holds the delivery or an earlier one of its sequence. */
    synchronized BusUnitOfWork.Claim claim(Delivery delivery, FakeUnitOfWork uow) {
        while (true) {
            StoredDelivery target = byId(delivery.id());
            if (target == null || target.dead) {
                return BusUnitOfWork.Claim.GONE;
            }
            List<StoredDelivery> upToIt = deliveries.headMap(target.sequence, true).values().stream()
                    .filter(d -> !d.dead && d.sameSequence(delivery.handler(), delivery.sku()))
                    .toList();
            if (upToIt.stream().anyMatch(d -> d.claimedBy != null && d.claimedBy != uow)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConcurrencyConflict(delivery.sku(), "interrupted while waiting for delivery " + delivery.id());
                }
                continue;
            }
            if (upToIt.get(0) != target) {
                return BusUnitOfWork.Claim.BEHIND;
            }
            target.claimedBy = uow;
            return BusUnitOfWork.Claim.TAKEN;
        }
    }

    synchronized void release(FakeUnitOfWork uow) {
        deliveries.values().stream().filter(d -> d.claimedBy == uow).forEach(d -> d.claimedBy = null);
        notifyAll();
    }

    /**
     * Writes back what the unit of work changed, if none of its products changed meanwhile, with the
     * deliveries of the events it recorded, and completes the delivery it claimed.
     */
    synchronized List<Delivery> write(FakeUnitOfWork uow, Collection<Product> seen, Map<String, Long> loadedVersions,
                                      List<Event> events, Envelope<?> cause, String receivedMessage) {
        if (receivedMessage != null && received.containsKey(receivedMessage)) {
            // As the database's unique message id does when two receive it at once: the bus tries again.
            throw new ConcurrencyConflict(null, "Message " + receivedMessage + " was received concurrently");
        }
        List<Product> changed = seen.stream()
                .filter(product -> !Long.valueOf(product.version()).equals(loadedVersions.get(product.sku())))
                .toList();
        for (Product product : changed) {
            StoredProduct stored = products.get(product.sku());
            Long loaded = loadedVersions.get(product.sku());
            if (loaded == null ? stored != null : stored == null || stored.version() != loaded) {
                throw new ConcurrencyConflict(product.sku(), "Product " + product.sku() + " was changed concurrently");
            }
            for (Batch batch : product.batches()) {
                // As the database's unique reference does: taken by a committed batch of another SKU.
                skuOfBatch(batch.reference()).filter(sku -> !sku.equals(product.sku())).ifPresent(sku -> {
                    throw new DuplicateBatch(batch.reference());
                });
            }
        }
        for (Product product : changed) {
            StoredProduct before = products.get(product.sku());
            Map<String, StoredBatch> batches = new LinkedHashMap<>();
            for (Batch batch : product.batches()) {
                List<OrderLine> lines = before != null && before.batches().containsKey(batch.reference())
                        ? new ArrayList<>(before.batches().get(batch.reference()).lines()) : new ArrayList<>();
                batches.put(batch.reference(), new StoredBatch(batch.reference(), batch.sku(), batch.purchasedQuantity(),
                        batch.eta().orElse(null), lines));
            }
            products.put(product.sku(), new StoredProduct(product.version(), batches,
                    before == null ? new LinkedHashMap<>() : new LinkedHashMap<>(before.waiting())));
        }
        for (Event event : events) {
            if (event instanceof Allocated allocated) {
                StoredProduct product = products.get(allocated.sku());
                product.waiting().remove(allocated.orderId()); // a backorder filled
                product.batches().get(allocated.batchRef()).lines()
                        .add(new OrderLine(allocated.orderId(), allocated.sku(), allocated.qty()));
            } else if (event instanceof Deallocated taken) {
                removeLine(taken.sku(), taken.batchRef(), taken.orderId());
            } else if (event instanceof LineReleased released) {
                if (released.batchRef() == null) {
                    products.get(released.sku()).waiting().remove(released.orderId());
                } else {
                    removeLine(released.sku(), released.batchRef(), released.orderId());
                }
            } else if (event instanceof Backordered waiting) {
                products.get(waiting.sku()).waiting()
                        .put(waiting.orderId(), new OrderLine(waiting.orderId(), waiting.sku(), waiting.qty()));
            }
        }
        List<Delivery> stored = new ArrayList<>();
        Instant now = clock.instant();
        for (Event event : events) {
            Envelope<Event> envelope = cause.causes(event, now);
            history.put(nextHistoryPosition++, envelope);
            for (String handler : subscriptions.handlersOf(event.getClass())) {
                Delivery delivery = new Delivery(UUID.randomUUID().toString(), handler, envelope, 0);
                long sequence = nextSequence++;
                deliveries.put(sequence, new StoredDelivery(sequence, delivery, now.plus(Delivery.IN_PROCESS_LEASE)));
                stored.add(delivery);
            }
            for (String destination : subscriptions.destinationsOf(event.getClass())) {
                long sequence = nextSequence++;
                publications.put(sequence, new Publication(sequence, destination, envelope));
                whenStored.getOrDefault(destination, List.of()).forEach(wake -> wake.accept(Publication.lane(event.sku())));
            }
        }
        if (receivedMessage != null) {
            received.put(receivedMessage, now);
        }
        deliveries.values().removeIf(d -> d.claimedBy == uow);
        commits++;
        notifyAll();
        return stored;
    }

    @Override
    public synchronized List<Envelope<Event>> ofOrder(String orderId) {
        return history.values().stream()
                .filter(envelope -> envelope.message() instanceof LineEvent line && line.orderId().equals(orderId))
                .toList();
    }

    @Override
    public synchronized List<Envelope<Event>> ofSku(String sku, Instant after, int limit) {
        List<Envelope<Event>> page = new ArrayList<>();
        for (Envelope<Event> envelope : history.values()) {
            if (!envelope.message().sku().equals(sku) || !envelope.recordedAt().isAfter(after)) {
                continue;
            }
            // As the JDBI adapter does: a page never ends inside one instant.
            if (page.size() >= limit && !envelope.recordedAt().equals(page.get(page.size() - 1).recordedAt())) {
                break;
            }
            page.add(envelope);
        }
        return page;
    }

    @Override
    public synchronized List<Stored> recordedBetween(Instant from, Instant to, Optional<String> sku, long afterPosition,
                                                     int limit) {
        List<Stored> page = new ArrayList<>();
        for (Map.Entry<Long, Envelope<Event>> entry : history.tailMap(afterPosition, false).entrySet()) {
            Envelope<Event> event = entry.getValue();
            if (page.size() == limit) {
                break;
            }
            if (!event.recordedAt().isBefore(from) && event.recordedAt().isBefore(to)
                    && sku.map(event.message().sku()::equals).orElse(true)) {
                page.add(new Stored(entry.getKey(), event));
            }
        }
        return page;
    }

    @Override
    public synchronized int forgetBefore(Instant cutoff, int limit) {
        int forgotten = 0;
        for (var it = history.values().iterator(); it.hasNext() && forgotten < limit; ) {
            if (it.next().recordedAt().isBefore(cutoff)) {
                it.remove();
                forgotten++;
            }
        }
        return forgotten;
    }

    private void removeLine(String sku, String batchRef, String orderId) {
        products.get(sku).batches().get(batchRef).lines().removeIf(line -> line.orderId().equals(orderId));
    }

    @Override
    public synchronized List<Delivery> due(Instant now, int limit) {
        Map<String, StoredDelivery> firsts = new LinkedHashMap<>();
        for (StoredDelivery d : deliveries.values()) {
            if (!d.dead) {
                firsts.putIfAbsent(d.delivery.handler() + "\u0000" + d.delivery.sku(), d);
            }
        }
        return firsts.values().stream()
                .filter(d -> !d.nextAttemptAt.isAfter(now))
                .sorted(Comparator.comparingLong(d -> d.sequence))
                .limit(limit)
                .map(StoredDelivery::current)
                .toList();
    }

    @Override
    public synchronized List<Delivery> pendingOf(String handler, String sku, Instant now, int limit) {
        return deliveries.values().stream()
                .filter(d -> !d.dead && d.sameSequence(handler, sku) && (d.attempts == 0 || !d.nextAttemptAt.isAfter(now)))
                .limit(limit)
                .map(StoredDelivery::current)
                .toList();
    }

    @Override
    public synchronized void failed(Delivery delivery, String error, Optional<Instant> retryAt) {
        StoredDelivery stored = byId(delivery.id());
        if (stored == null) {
            return;
        }
        stored.attempts++;
        stored.lastError = error;
        retryAt.ifPresentOrElse(at -> stored.nextAttemptAt = at, () -> stored.dead = true);
        notifyAll();
    }

    @Override
    public synchronized List<Publication> next(String destination, int lane, int limit) {
        return publications.values().stream()
                .filter(p -> p.destination().equals(destination) && Publication.lane(p.event().message().sku()) == lane)
                .limit(limit).toList();
    }

    @Override
    public synchronized Set<Integer> waitingIn(String destination, Set<Integer> lanes) {
        return publications.values().stream()
                .filter(p -> p.destination().equals(destination))
                .map(p -> Publication.lane(p.event().message().sku()))
                .filter(lanes::contains)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public synchronized void sent(List<Publication> sent) {
        sent.forEach(p -> publications.remove(p.position()));
    }

    @Override
    public synchronized boolean lease(String name, String holder, Instant now, Instant until) {
        Lease current = leases.get(name);
        if (current != null && !current.holder().equals(holder) && current.until().isAfter(now)) {
            return false;
        }
        leases.put(name, new Lease(holder, until));
        return true;
    }

    @Override
    public synchronized int leasesRunning(String prefix, Instant now) {
        return (int) leases.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue().until().isAfter(now)).count();
    }

    @Override
    public synchronized long waiting(String destination) {
        return publications.values().stream().filter(p -> p.destination().equals(destination)).count();
    }

    @Override
    public synchronized void whenStored(String destination, IntConsumer wake) {
        whenStored.computeIfAbsent(destination, d -> new ArrayList<>()).add(wake);
    }

    private StoredDelivery byId(String id) {
        return deliveries.values().stream().filter(d -> d.delivery.id().equals(id)).findFirst().orElse(null);
    }
}
