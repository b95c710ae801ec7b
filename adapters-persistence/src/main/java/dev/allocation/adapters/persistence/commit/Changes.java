package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.messages.StoredOutbox.NewPublication;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.model.OrderLine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What one unit of work's commit writes, worked out from its products and their events before any
 * SQL runs, so that {@link ChangeWriter} can write it alone or in one transaction with others.
 *
 * @param products     every product to write or to check, each at most once
 * @param removedLines allocations to delete
 * @param newLines     allocations to insert
 * @param removedBackorders waiting lines to delete
 * @param newBackorders waiting lines to insert, oldest first
 * @param history      the events recorded, for the event history; empty when none is kept
 * @param completedDelivery the id of the delivery this commit completes, or null
 */
record Changes(List<ProductChange> products, List<LineKey> removedLines, List<NewLine> newLines,
               List<LineKey> removedBackorders, List<OrderLine> newBackorders,
               List<Delivery> deliveries, List<NewPublication> publications, List<Envelope<Event>> history,
               String completedDelivery) {

    Changes {
        products = List.copyOf(products);
        removedLines = List.copyOf(removedLines);
        newLines = List.copyOf(newLines);
        removedBackorders = List.copyOf(removedBackorders);
        newBackorders = List.copyOf(newBackorders);
        deliveries = List.copyOf(deliveries);
        publications = List.copyOf(publications);
        history = List.copyOf(history);
    }

    boolean isEmpty() {
        return products.isEmpty() && removedLines.isEmpty() && newLines.isEmpty() && removedBackorders.isEmpty()
                && newBackorders.isEmpty() && deliveries.isEmpty() && publications.isEmpty() && history.isEmpty()
                && completedDelivery == null;
    }

    /** These changes, and also the version check of {@code read}: products the decision saw unchanged. */
    Changes checking(List<ProductChange> read) {
        List<ProductChange> all = new ArrayList<>(products);
        all.addAll(read);
        return new Changes(all, removedLines, newLines, removedBackorders, newBackorders, deliveries, publications,
                history, completedDelivery);
    }

    /** These changes, and also the completion of a claimed delivery (none when {@code deliveryId} is null). */
    Changes completing(String deliveryId) {
        return new Changes(products, removedLines, newLines, removedBackorders, newBackorders, deliveries, publications,
                history, deliveryId);
    }

    /** The SKU a conflict of these changes is reported against. */
    String firstSku() {
        return products.isEmpty() ? null : products.get(0).sku();
    }

    /**
     * A product row. With {@code version} equal to {@code readVersion} and no batch changed it only
     * checks that the product is still as the decision saw it.
     *
     * @param readVersion the version it was read at; null for a new product
     * @param batches     all its batches, in the order they were added
     * @param backorderedLines how many lines wait, after the commit
     * @param backorderedQty   their total quantity
     */
    record ProductChange(String sku, Long readVersion, long version, List<BatchChange> batches, int backorderedLines,
                         long backorderedQty) {

        ProductChange {
            batches = List.copyOf(batches);
        }

        boolean isNew() {
            return readVersion == null;
        }
    }

    /**
     * A batch row as the commit leaves it.
     *
     * @param id      null for a new batch
     * @param changed whether a stored batch's quantities differ from what was read
     */
    record BatchChange(Long id, String reference, int purchasedQuantity, int allocatedQuantity, LocalDate eta,
                       boolean changed) {
    }

    /** An allocation, by the key the contract gives it: one line per order and SKU. */
    record LineKey(String orderId, String sku) {
    }

    record NewLine(String orderId, String sku, int qty, String batchReference) {
    }
}
