package dev.allocation.application.port.in;

/** Why an operator discards a dead delivery ({@link DeliveryAdmin}) or a dead command ({@link DeadCommandAdmin}). */
public final class DiscardReason {

    /** The longest reason kept: the size of the column that holds a delivery's. */
    public static final int MOST_CHARS = 2_000;

    private DiscardReason() {
    }

    /**
     * The reason as kept, without its surrounding blanks.
     *
     * @throws IllegalArgumentException when it is blank, or longer than {@link #MOST_CHARS}
     */
    public static String checked(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a discard needs a reason");
        }
        String kept = reason.strip();
        if (kept.length() > MOST_CHARS) {
            throw new IllegalArgumentException("a discard's reason is at most " + MOST_CHARS + " characters, was " + kept.length());
        }
        return kept;
    }
}
