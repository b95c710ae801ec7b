package dev.allocation.adapters.persistence;

import java.util.Objects;

/**
 * Where the database is and how many connections to keep.
 *
 * @param url      a JDBC URL of H2 or PostgreSQL
 * @param user     may be empty
 * @param password may be empty
 * @param poolSize connections in the pool, at least 1
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:h2: or jdbc:postgresql:, was " + url);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("the pool size must be at least 1, was " + poolSize);
        }
    }

    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + url + ", user " + user + ", pool " + poolSize + "]";
    }
}
