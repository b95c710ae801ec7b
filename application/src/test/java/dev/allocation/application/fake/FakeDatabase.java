package dev.allocation.application.fake;

import dev.allocation.application.port.ConcurrencyConflict;
import dev.allocation.application.port.UnitOfWorkFactory;
import dev.allocation.domain.model.Batch;
import dev.allocation.domain.model.InMemoryAllocatedLines;
import dev.allocation.domain.model.Product;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Committed products in memory. Each unit of work works on copies and writes them back on commit,
 * with the same version check as the real database, so rollback and conflicts behave as they do there.
 */
public final class FakeDatabase implements UnitOfWorkFactory {

    private final Map<String, Product> products = new HashMap<>();
    private int commits;

    @Override
    public FakeUnitOfWork begin() {
        return new FakeUnitOfWork(this);
    }

    /** How many units of work committed. */
    public synchronized int commits() {
        return commits;
    }

    /** A copy of the committed product, for assertions. */
    public synchronized Optional<Product> committed(String sku) {
        return Optional.ofNullable(products.get(sku)).map(FakeDatabase::copy);
    }

    synchronized Optional<Product> read(String sku) {
        return committed(sku);
    }

    synchronized Optional<String> skuOfBatch(String reference) {
        return products.values().stream()
                .filter(product -> product.batch(reference).isPresent())
                .map(Product::sku)
                .findFirst();
    }

    /** Writes back the products this unit of work changed, if none of them changed meanwhile. */
    synchronized void write(Collection<Product> seen, Map<String, Long> loadedVersions) {
        List<Product> changed = seen.stream()
                .filter(product -> !Long.valueOf(product.version()).equals(loadedVersions.get(product.sku())))
                .toList();
        for (Product product : changed) {
            Product stored = products.get(product.sku());
            Long loaded = loadedVersions.get(product.sku());
            if (loaded == null ? stored != null : stored == null || stored.version() != loaded) {
                throw new ConcurrencyConflict(product.sku(), "Product " + product.sku() + " was changed concurrently");
            }
            for (Batch batch : product.batches()) {
                skuOfBatch(batch.reference()).filter(sku -> !sku.equals(product.sku())).ifPresent(sku -> {
                    throw new ConcurrencyConflict(product.sku(), "Batch " + batch.reference() + " was added concurrently");
                });
            }
        }
        for (Product product : changed) {
            products.put(product.sku(), copy(product));
        }
        commits++;
    }

    private static Product copy(Product product) {
        return Product.restore(product.sku(), product.version(), product.batches().stream()
                .map(batch -> Batch.restore(batch.reference(), batch.sku(), batch.purchasedQuantity(),
                        batch.eta().orElse(null), batch.allocatedQuantity(),
                        new InMemoryAllocatedLines(((InMemoryAllocatedLines) batch.lines()).lines())))
                .toList());
    }
}
