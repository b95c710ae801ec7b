package dev.allocation.application.fake;

import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.ProductRepository;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.domain.model.Product;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A unit of work over a {@link FakeDatabase}. */
public final class FakeUnitOfWork implements BusUnitOfWork {

    private final FakeDatabase database;
    private final Envelope<?> cause;
    private final InMemoryProductRepository products;
    private boolean committed;
    private String received;
    private List<Delivery> newDeliveries = List.of();

    FakeUnitOfWork(FakeDatabase database, Envelope<?> cause) {
        this.database = database;
        this.cause = cause;
        this.products = new InMemoryProductRepository(database);
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    public void commit() {
        if (committed) {
            return;
        }
        newDeliveries = database.write(this, products.seen(), products.loadedVersions, products.pullEvents(), cause, received);
        committed = true;
    }

    @Override
    public Claim claim(Delivery delivery) {
        return database.claim(delivery, this);
    }

    @Override
    public boolean receive(String messageId) {
        if (database.received(messageId)) {
            return false;
        }
        received = messageId;
        return true;
    }

    @Override
    public List<Delivery> newDeliveries() {
        return newDeliveries;
    }

    @Override
    public void close() {
        database.release(this);
    }

    /** Hands out copies of the committed products and remembers the version each was read at. */
    static final class InMemoryProductRepository extends ProductRepository {

        private final FakeDatabase database;
        final Map<String, Long> loadedVersions = new HashMap<>();

        InMemoryProductRepository(FakeDatabase database) {
            this.database = database;
        }

        @Override
        protected void added(Product product) {
        }

        @Override
        protected Optional<Product> load(String sku) {
            Optional<Product> product = database.read(sku);
            product.ifPresent(p -> loadedVersions.put(sku, p.version()));
            return product;
        }

        @Override
        protected Optional<String> storedSkuOfBatch(String reference) {
            return database.skuOfBatch(reference);
        }
    }
}
