package dev.allocation.application.fake;

import dev.allocation.application.port.ProductRepository;
import dev.allocation.application.port.UnitOfWork;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.model.Product;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A unit of work over a {@link FakeDatabase}. */
public class FakeUnitOfWork implements UnitOfWork {

    private final FakeDatabase database;
    private final InMemoryProductRepository products;
    private boolean committed;

    FakeUnitOfWork(FakeDatabase database) {
        this.database = database;
        this.products = new InMemoryProductRepository(database);
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    public void commit() {
        database.write(products.seen(), products.loadedVersions);
        committed = true;
    }

    @Override
    public void rollback() {
        committed = false;
    }

    @Override
    public List<Event> collectNewEvents() {
        List<Event> events = products.pullEvents();
        return committed ? events : List.of();
    }

    @Override
    public void close() {
        if (!committed) {
            rollback();
        }
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
        protected Optional<String> skuOfBatch(String reference) {
            return database.skuOfBatch(reference);
        }
    }
}
