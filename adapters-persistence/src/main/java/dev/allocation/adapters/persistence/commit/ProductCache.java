package dev.allocation.adapters.persistence.commit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The products this process has read or committed, as they were then, so that a unit of work need
 * not read its product again. An entry is only a starting point: every write is still guarded by the
 * version check, so an entry another process has outdated costs a conflict (and the entry) but never
 * a wrong write. Entries are put and dropped only by a unit of work that holds the product's lock.
 *
 * <p>One entry of a few hundred bytes per SKU in use: the catalogue bounds it.
 */
public final class ProductCache {

    private final ConcurrentMap<String, StoredProduct> products = new ConcurrentHashMap<>();

    Optional<StoredProduct> get(String sku) {
        return Optional.ofNullable(products.get(sku));
    }

    void put(StoredProduct product) {
        products.put(product.sku(), product);
    }

    void forget(String sku) {
        products.remove(sku);
    }
}
