package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Builds the connection pool. */
public final class DataSources {

    /** How long a request waits for a database connection before it is answered 503. */
    public static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);

    /** How long H2's background writer may hold work that nobody waits for (see {@link #durableH2}). */
    static final int WRITE_DELAY_MILLIS = 100;
    /** How long H2 keeps a chunk before its space may be reused (see {@link #durableH2}). */
    static final int RETENTION_MILLIS = 2_000;

    /** A database name that starts with an H2 file system's scheme (not a drive letter). */
    private static final Pattern OTHER_FILE_SYSTEM = Pattern.compile("[A-Za-z][A-Za-z0-9]+:");

    private DataSources() {
    }

    public static HikariDataSource pooled(DatabaseSettings settings) {
        return pooled(settings, config -> { });
    }

    /** @param customizer changes the pool's configuration before it starts (metrics, say) */
    public static HikariDataSource pooled(DatabaseSettings settings, Consumer<HikariConfig> customizer) {
        HikariConfig config = new HikariConfig();
        if (settings.kind() == DatabaseSettings.Kind.H2) {
            DsyncFiles.register();
        }
        config.setJdbcUrl(settings.kind() == DatabaseSettings.Kind.H2 ? durableH2(settings.url()) : settings.url());
        // Empty credentials are left unset, so that a URL that carries its own (?user=...) keeps them.
        if (!settings.user().isEmpty()) {
            config.setUsername(settings.user());
        }
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setPoolName("allocation");
        // A request waits this long at most for a connection, then answers 503: a database that does
        // not answer should not hold clients for the pool's default 30 s.
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        if (settings.kind() == DatabaseSettings.Kind.POSTGRESQL) {
            config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_WAIT.toSeconds()));
            // A connection whose server went silent fails a statement after this, rather than never.
            config.addDataSourceProperty("socketTimeout", "30");
        }
        customizer.accept(config);
        return settings.kind() == DatabaseSettings.Kind.H2 && embeddedFile(settings.url())
                ? new H2FilePool(config) : new HikariDataSource(config);
    }

    /** Whether an H2 URL names a file this process opens itself (not in memory, not on a server). */
    static boolean embeddedFile(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        return !(upper.startsWith("JDBC:H2:MEM:") || upper.startsWith("JDBC:H2:TCP:") || upper.startsWith("JDBC:H2:SSL:"));
    }

    /**
     * H2 in file mode, made as durable as PostgreSQL:
     * <ul>
     *   <li>its files are opened through {@link DsyncFiles}, so that every write is on stable storage
     *       before it returns;</li>
     *   <li>{@code WRITE_DELAY=100} keeps H2's background writer, which reclaims file space as it goes
     *       (with {@code WRITE_DELAY=0} it does not run, and the file grows with every commit). The
     *       service's commits do not wait for it: each writes its chunk before it returns (see
     *       {@code H2Durability});</li>
     *   <li>{@code RETENTION_TIME}: how long H2 keeps a chunk before its space may be reused. H2's
     *       default, 45 s, is there for writes that are not synced; with every write synced a short one
     *       is as safe, and it bounds the file to that much of the write rate;</li>
     *   <li>{@code MAX_COMPACT_TIME=2000} lets a clean close spend up to 2 s compacting the file in
     *       place, when it is not copied into a new one (see {@link H2FilePool}).</li>
     * </ul>
     * A URL that sets any of these itself keeps its own choice. A URL that names another of H2's file
     * systems ({@code nio:}, {@code async:}, ..., or {@code dsync:} itself) keeps it, without the
     * synchronous writes unless it is {@code dsync:}. A remote (tcp, ssl) URL is left as it is: the
     * server that owns the file decides.
     *
     * <p>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would close the database at SIGTERM
     * while the service's hook is still draining the requests in flight, failing them; the pool's
     * close, after the drain, closes it instead.
     */
    static String durableH2(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        String durable = url;
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            durable += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        if (!embeddedFile(url)) {
            return durable;
        }
        String name = durable.substring("jdbc:h2:".length());
        if (name.startsWith("file:")) {
            durable = "jdbc:h2:" + DsyncFiles.SCHEME + ":" + name.substring("file:".length());
        } else if (!OTHER_FILE_SYSTEM.matcher(name).lookingAt()) {
            durable = "jdbc:h2:" + DsyncFiles.SCHEME + ":" + name;
        }
        if (!upper.contains(";WRITE_DELAY=")) {
            durable += ";WRITE_DELAY=" + WRITE_DELAY_MILLIS;
        }
        if (!upper.contains(";RETENTION_TIME=")) {
            durable += ";RETENTION_TIME=" + RETENTION_MILLIS;
        }
        if (!upper.contains(";MAX_COMPACT_TIME=")) {
            durable += ";MAX_COMPACT_TIME=2000";
        }
        return durable;
    }
}
