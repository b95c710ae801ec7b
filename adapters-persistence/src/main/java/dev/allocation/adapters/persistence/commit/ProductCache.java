package dev.allocation.adapters.persistence.commit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The products this process has read or committed, as they were then, so that a unit of work need
 * not read its product again. Entries are put and dropped only by a unit of work that holds the
 * product's lock, so they are exact while no other process writes the database.
 *
 * <p>Where other processes write it too (PostgreSQL), the cache keeps nothing: an entry they had
 * outdated would not only cost a conflict at the commit, it would give answers that write nothing
 * (a line not found, a batch unknown) from what is no longer so.
 *
 * <p>One entry of a few hundred bytes per SKU in use: the catalogue bounds it.
 */
public final class ProductCache {

    private final boolean keeps;
    private final ConcurrentMap<String, StoredProduct> products = new ConcurrentHashMap<>();

    /** @param changedOnlyHere whether this process alone writes the database; false keeps nothing */
    public ProductCache(boolean changedOnlyHere) {
        this.keeps = changedOnlyHere;
    }

    Optional<StoredProduct> get(String sku) {
        return Optional.ofNullable(products.get(sku));
    }

    void put(StoredProduct product) {
        if (keeps) {
            products.put(product.sku(), product);
        }
    }

    void forget(String sku) {
        products.remove(sku);
    }
}
