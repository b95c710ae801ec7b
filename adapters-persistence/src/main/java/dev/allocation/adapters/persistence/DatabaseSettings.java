package dev.allocation.adapters.persistence;

import dev.allocation.adapters.persistence.commit.GroupCommit;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the database is and how many connections to keep.
 *
 * @param url      a JDBC URL of H2 or PostgreSQL
 * @param user     may be empty
 * @param password may be empty
 * @param poolSize    connections in the pool, at least 1
 * @param groupCommit whether concurrent units of work share commits (see {@code GroupCommit}); false
 *                    commits each one in a transaction of its own
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, boolean groupCommit) {

    /** The databases the service runs on. Which one a URL names is decided here and nowhere else. */
    public enum Kind {
        /** Embedded (or in memory): one process owns it. */
        H2,
        /** Shared by any number of instances. */
        POSTGRESQL;

        /** @throws IllegalArgumentException for a URL of any other database */
        public static Kind of(String url) {
            if (url.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new IllegalArgumentException("the database URL must start with jdbc:h2: or jdbc:postgresql:, was " + url);
        }
    }

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Kind.of(url);
        if (poolSize < 1) {
            throw new IllegalArgumentException("the pool size must be at least 1, was " + poolSize);
        }
    }

    /** With group commit, the default. */
    public DatabaseSettings(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, true);
    }

    public Kind kind() {
        return Kind.of(url);
    }

    /**
     * Whether only this process can change the database: an embedded H2 file, or H2 in memory. Other
     * processes may change PostgreSQL, H2 on a server ({@code tcp:}, {@code ssl:}) or an H2 file opened
     * with {@code AUTO_SERVER}, so nothing read from those is kept for later.
     */
    public boolean changedOnlyHere() {
        String upper = url.toUpperCase(Locale.ROOT);
        return kind() == Kind.H2 && !upper.startsWith("JDBC:H2:TCP:") && !upper.startsWith("JDBC:H2:SSL:")
                && !upper.contains(";AUTO_SERVER=TRUE");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + url + ", user " + user + ", pool " + poolSize
                + (groupCommit ? ", group commit" : ", a commit per unit of work") + "]";
    }
}
