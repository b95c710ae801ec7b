package dev.allocation.application.handlers;

import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.application.port.out.Notifications;
import dev.allocation.application.port.out.ProductRepository;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.commands.Deallocate;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.events.StockFreed;
import dev.allocation.domain.model.AllocationOutcome;
import dev.allocation.domain.model.DuplicateBatch;
import dev.allocation.domain.model.InvalidSku;
import dev.allocation.domain.model.NoSuchLine;
import dev.allocation.domain.model.OrderLine;
import dev.allocation.domain.model.Product;
import dev.allocation.domain.model.UnknownBatch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the service does with each message. Every handler is a plain function of the message and a
 * unit of work: load the product, let it decide, commit.
 */
public final class Handlers {

    /** Stored with each delivery: renaming one strands the deliveries stored under the old name. */
    public static final String REALLOCATE = "reallocate";
    public static final String NOTIFY_OUT_OF_STOCK = "notify-out-of-stock";
    public static final String ALLOCATE_BACKORDERS = "allocate-backorders";
    /** Waiting lines allocated in one unit of work; more go on in the next, through the chain. */
    static final int BACKORDERS_PER_COMMIT = 500;

    private final Notifications notifications;

    public Handlers(Notifications notifications) {
        this.notifications = Objects.requireNonNull(notifications);
    }

    /** The one place that says which handler takes which command, and who reacts to which event. */
    public MessageRoutes registry() {
        return registry(List.of());
    }

    /** The registry, with the events each publisher takes sent to it. */
    public MessageRoutes registry(List<EventPublisher> publishers) {
        MessageRoutes.Builder builder = MessageRoutes.builder();
        publishers.forEach(builder::publishTo);
        return builder
                .command(CreateBatch.class, this::addBatch)
                .command(Allocate.class, this::allocate)
                .command(ChangeBatchQuantity.class, this::changeBatchQuantity)
                .command(Deallocate.class, this::deallocate)
                .event(Deallocated.class, REALLOCATE, this::reallocate)
                .event(OutOfStock.class, NOTIFY_OUT_OF_STOCK, this::sendOutOfStockNotification)
                .event(StockFreed.class, ALLOCATE_BACKORDERS, this::allocateBackorders)
                .build();
    }

    /**
     * Adds a batch, creating its product on the first batch of a SKU.
     *
     * @return the batch reference
     * @throws DuplicateBatch when the reference is taken by a batch with other details
     */
    public String addBatch(CreateBatch command, UnitOfWork uow) {
        ProductRepository products = uow.products();
        Optional<String> otherSku = products.skuOfBatch(command.ref()).filter(sku -> !sku.equals(command.sku()));
        if (otherSku.isPresent()) {
            throw new DuplicateBatch(command.ref(), "SKU " + otherSku.get() + ", not " + command.sku());
        }
        Product product = products.get(command.sku()).orElseGet(() -> {
            Product created = new Product(command.sku());
            products.add(created);
            return created;
        });
        product.addBatch(command.ref(), command.qty(), command.eta());
        uow.commit();
        return command.ref();
    }

    /**
     * Allocates an order line, or keeps it waiting for stock when the command asks for a backorder.
     *
     * @return the batch, waiting, or out of stock
     * @throws InvalidSku when no batch of the SKU was ever added
     */
    public AllocationOutcome allocate(Allocate command, UnitOfWork uow) {
        Product product = uow.products().get(command.sku()).orElseThrow(() -> new InvalidSku(command.sku()));
        AllocationOutcome outcome = product.allocate(new OrderLine(command.orderId(), command.sku(), command.qty()),
                command.backorder());
        uow.commit();
        return outcome;
    }

    /**
     * Releases an order's line, allocated or waiting. The stock it held goes to waiting lines through
     * {@link StockFreed} and {@link #allocateBackorders}, not within this command.
     *
     * @return the released line
     * @throws NoSuchLine when the order holds no line of the SKU
     */
    public LineReleased deallocate(Deallocate command, UnitOfWork uow) {
        Product product = uow.products().get(command.sku())
                .orElseThrow(() -> new NoSuchLine(command.orderId(), command.sku()));
        LineReleased released = product.deallocate(command.orderId());
        uow.commit();
        return released;
    }

    /**
     * Sets a batch's purchased quantity. The lines it takes back are recorded as {@link Deallocated}
     * and allocated again by {@link #reallocate}.
     *
     * @return the new quantity
     * @throws UnknownBatch when no batch has the reference
     */
    public Integer changeBatchQuantity(ChangeBatchQuantity command, UnitOfWork uow) {
        Product product = uow.products().getByBatchRef(command.ref()).orElseThrow(() -> new UnknownBatch(command.ref()));
        product.changeBatchQuantity(command.ref(), command.qty());
        uow.commit();
        return command.qty();
    }

    /**
     * A line taken back from a shrinking batch is allocated again (chapter 12); when it fits nowhere it
     * waits for stock, and is reported out of stock.
     */
    public void reallocate(Deallocated event, UnitOfWork uow) {
        product(event.sku(), event, uow).allocate(new OrderLine(event.orderId(), event.sku(), event.qty()), true);
        uow.commit();
    }

    /** Stock appeared: the waiting lines that fit are allocated, oldest first. */
    public void allocateBackorders(StockFreed event, UnitOfWork uow) {
        product(event.sku(), event, uow).allocateBackorders(BACKORDERS_PER_COMMIT);
        uow.commit();
    }

    private static Product product(String sku, Object cause, UnitOfWork uow) {
        return uow.products().get(sku)
                .orElseThrow(() -> new IllegalStateException("product " + sku + " of " + cause + " is gone"));
    }

    public void sendOutOfStockNotification(OutOfStock event, UnitOfWork uow) {
        notifications.outOfStock(event.sku());
    }
}
