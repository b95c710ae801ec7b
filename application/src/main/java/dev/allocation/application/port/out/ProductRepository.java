package dev.allocation.application.port.out;

import dev.allocation.domain.events.Event;
import dev.allocation.domain.model.Product;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The products of one unit of work. It remembers every product it hands out or is given, so that the
 * unit of work knows what to save and whose events to collect, and so that asking twice for a product
 * gives the same object.
 */
public abstract class ProductRepository {

    private final Map<String, Product> seen = new LinkedHashMap<>();

    /** Adds a new product; it is stored when the unit of work commits. */
    public final void add(Product product) {
        if (seen.containsKey(product.sku()) && seen.get(product.sku()) != product) {
            throw new IllegalStateException("product " + product.sku() + " is already in this unit of work");
        }
        seen.put(product.sku(), product);
        added(product);
    }

    public final Optional<Product> get(String sku) {
        Product known = seen.get(sku);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Product> loaded = load(sku);
        loaded.ifPresent(product -> seen.put(product.sku(), product));
        return loaded;
    }

    /** The product that holds the batch with this reference. */
    public final Optional<Product> getByBatchRef(String reference) {
        return skuOfBatch(reference).flatMap(this::get);
    }

    /** The SKU of the batch with this reference, without loading (or locking) its product. */
    public final Optional<String> skuOfBatch(String reference) {
        for (Product product : seen.values()) {
            if (product.batch(reference).isPresent()) {
                return Optional.of(product.sku());
            }
        }
        return storedSkuOfBatch(reference);
    }

    /** Every product this repository has handed out or been given, in that order. */
    public final Collection<Product> seen() {
        return Collections.unmodifiableCollection(seen.values());
    }

    /** Hands over the events every seen product has recorded, oldest product first. */
    public final List<Event> pullEvents() {
        List<Event> events = new ArrayList<>();
        for (Product product : seen.values()) {
            events.addAll(product.pullEvents());
        }
        return events;
    }

    /** Called when a new product is added. */
    protected abstract void added(Product product);

    /** Reads a stored product. */
    protected abstract Optional<Product> load(String sku);

    /** Finds the SKU of a stored batch. */
    protected abstract Optional<String> storedSkuOfBatch(String reference);
}
