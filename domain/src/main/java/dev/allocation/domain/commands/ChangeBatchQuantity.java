package dev.allocation.domain.commands;

/** Set a batch's purchased quantity (part of it was damaged, say). Answers the new quantity. */
public record ChangeBatchQuantity(String ref, int qty) implements Command<Integer> {

    public ChangeBatchQuantity {
        Fields.text("ref", ref);
        Fields.quantity("qty", qty, 0);
    }
}
