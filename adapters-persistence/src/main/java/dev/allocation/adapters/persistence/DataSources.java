package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/** Builds the connection pool. */
public final class DataSources {

    /** How long a request waits for a database connection before it is answered 503. */
    public static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);

    private DataSources() {
    }

    public static HikariDataSource pooled(DatabaseSettings settings) {
        return pooled(settings, config -> { });
    }

    /** @param customizer changes the pool's configuration before it starts (metrics, say) */
    public static HikariDataSource pooled(DatabaseSettings settings, Consumer<HikariConfig> customizer) {
        HikariConfig config = new HikariConfig();
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
        return new HikariDataSource(config);
    }

    /**
     * H2 in file mode writes commits to disk from a background thread a moment later, so a crash of
     * the process loses commits that had already returned. {@code WRITE_DELAY=0} writes each commit
     * before it returns (H2 does not sync each commit, so it covers a crash of the process, not a
     * power loss). It also turns off the background writer's reclaiming of space, so under sustained
     * load the file grows with every commit (3.4 GB after five minutes at about 3,000 requests a
     * second, group commit included); {@code MAX_COMPACT_TIME=2000} lets a clean close spend 2 s
     * compacting it (1.5 GB to 20 MB; not enough for 3.4 GB; H2's default, 200 ms, left even 1.5 GB
     * as it was). A URL that sets either itself keeps its own choice. (A shorter RETENTION_TIME would
     * keep the file small while running, but it lost acknowledged commits in the kill -9 test.)
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
        if (upper.startsWith("JDBC:H2:MEM:")) {
            return durable;
        }
        if (!upper.contains(";WRITE_DELAY=")) {
            durable += ";WRITE_DELAY=0";
        }
        if (!upper.contains(";MAX_COMPACT_TIME=")) {
            durable += ";MAX_COMPACT_TIME=2000";
        }
        return durable;
    }
}
