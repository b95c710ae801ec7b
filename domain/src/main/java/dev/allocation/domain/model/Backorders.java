package dev.allocation.domain.model;

import java.util.Optional;

/**
 * The order lines of one product that wait for stock, oldest first.
 *
 * <p>Like {@link AllocatedLines}, the question is kept narrow so that a repository can answer it
 * without reading every waiting line: the counts come with the product, a line is looked up by its
 * order, and only filling them walks the lines, and only those small enough to fit.
 */
public interface Backorders {

    /** How many lines wait. */
    int lines();

    /** Their total quantity. */
    long quantity();

    /** The line of this order, if it waits. */
    Optional<OrderLine> find(String orderId);

    /** Adds a line; it is the newest. */
    void add(OrderLine line);

    /** Removes a waiting line. */
    void remove(OrderLine line);

    /**
     * The waiting lines of at most {@code maxQty}, oldest first, as they stood when this was called:
     * a caller may remove the lines it is given while it walks them.
     */
    Iterable<OrderLine> oldestFirst(int maxQty);
}
