package dev.allocation.domain.model;

import java.util.Optional;

/**
 * The order lines allocated to one batch, in the order they were allocated.
 *
 * <p>The model only ever asks these four things of a batch's lines. Keeping the question this
 * narrow lets a repository answer it without loading every line a batch has ever held: the cost of
 * an allocation must not grow with the product's history.
 */
public interface AllocatedLines {

    /** The line of this order, if it is allocated to this batch. */
    Optional<OrderLine> find(String orderId);

    /** Records a new allocation; it becomes the latest. */
    void add(OrderLine line);

    /**
     * Takes back the most recently allocated line.
     *
     * @throws java.util.NoSuchElementException when there is none
     */
    OrderLine removeLatest();

    /** Takes back this allocated line, wherever it is in the order. */
    void remove(OrderLine line);
}
