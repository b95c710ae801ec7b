package dev.allocation.application.handlers;

import dev.allocation.application.messagebus.HandlerRegistry;
import dev.allocation.application.port.Notifications;
import dev.allocation.application.port.ProductRepository;
import dev.allocation.application.port.UnitOfWork;
import dev.allocation.domain.events.AllocationRequired;
import dev.allocation.domain.events.BatchCreated;
import dev.allocation.domain.events.BatchQuantityChanged;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.model.DuplicateBatch;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;

import java.util.Objects;
import java.util.Optional;

/** What the service does with each event. Every handler is a plain function of the event and a unit of work. */
public final class Handlers {

    private final Notifications notifications;

    public Handlers(Notifications notifications) {
        this.notifications = Objects.requireNonNull(notifications);
    }

    /** The one place that says which handler reacts to which event. */
    public HandlerRegistry registry() {
        return HandlerRegistry.builder()
                .on(BatchCreated.class, this::addBatch)
                .on(BatchQuantityChanged.class, this::changeBatchQuantity)
                .on(AllocationRequired.class, this::allocate)
                .on(OutOfStock.class, this::sendOutOfStockNotification)
                .build();
    }

    /**
     * Adds a batch, creating its product on the first batch of a SKU.
     *
     * @return the batch reference
     * @throws DuplicateBatch when the reference is taken by a batch with other details
     */
    public String addBatch(BatchCreated event, UnitOfWork uow) {
        ProductRepository products = uow.products();
        products.getByBatchRef(event.ref())
                .filter(holder -> !holder.sku().equals(event.sku()))
                .ifPresent(holder -> {
                    throw new DuplicateBatch(event.ref());
                });
        Product product = products.get(event.sku()).orElseGet(() -> {
            Product created = new Product(event.sku());
            products.add(created);
            return created;
        });
        product.addBatch(event.ref(), event.qty(), event.eta());
        uow.commit();
        return event.ref();
    }

    /**
     * Allocates an order line.
     *
     * @return the batch reference, or empty when out of stock
     * @throws InvalidSku when no batch of the SKU was ever added
     */
    public Optional<String> allocate(AllocationRequired event, UnitOfWork uow) {
        OrderLine line = new OrderLine(event.orderId(), event.sku(), event.qty());
        Product product = uow.products().get(line.sku()).orElseThrow(() -> new InvalidSku(line.sku()));
        Optional<String> batchRef = product.allocate(line);
        uow.commit();
        return batchRef;
    }

    /**
     * Sets a batch's purchased quantity; lines that no longer fit are reallocated by the events this
     * records.
     *
     * @return the new quantity
     * @throws UnknownBatch when no batch has the reference
     */
    public Integer changeBatchQuantity(BatchQuantityChanged event, UnitOfWork uow) {
        Product product = uow.products().getByBatchRef(event.ref()).orElseThrow(() -> new UnknownBatch(event.ref()));
        product.changeBatchQuantity(event.ref(), event.qty());
        uow.commit();
        return event.qty();
    }

    public Object sendOutOfStockNotification(OutOfStock event, UnitOfWork uow) {
        notifications.outOfStock(event.sku());
        return null;
    }
}
