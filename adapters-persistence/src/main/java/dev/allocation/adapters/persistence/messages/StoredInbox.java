package dev.allocation.adapters.persistence.messages;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The inbox: the ids of the messages received from brokers that took effect ({@code received_messages}),
 * stored in the transaction of their command, so that a message sent or delivered twice takes effect once.
 */
public final class StoredInbox {

    /** How long a received message id is kept: the contract promises seven days. */
    public static final Duration RETENTION = Duration.ofDays(8);

    private StoredInbox() {
    }

    /**
     * Stores the message's id in this transaction. A second transaction storing the same id waits for
     * the first (PostgreSQL) or conflicts with it (H2), then finds it.
     *
     * @return false when a committed transaction stored it already
     */
    public static boolean receive(Handle handle, String messageId) {
        boolean seen = handle.createQuery("SELECT COUNT(*) FROM received_messages WHERE message_id = :id")
                .bind("id", messageId).mapTo(Integer.class).one() > 0;
        if (seen) {
            return false;
        }
        try {
            handle.createUpdate("INSERT INTO received_messages (message_id, received_at) VALUES (:id, :at)")
                    .bind("id", messageId)
                    .bind("at", StoredDeliveries.utc(Instant.now().truncatedTo(ChronoUnit.MICROS)))
                    .execute();
            return true;
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Forgets the ids received before {@link #RETENTION}; returns how many. */
    public static int forgetOld(Jdbi jdbi, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM received_messages WHERE received_at < :before")
                .bind("before", StoredDeliveries.utc(now.minus(RETENTION)))
                .execute());
    }
}
