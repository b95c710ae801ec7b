package dev.allocation.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL, matches = ".+", disabledReason = TestDatabases.POSTGRES_SKIPPED)
class PostgresChainSurvivesFaultsIT extends ChainSurvivesFaultsContract {

    private final String schema = TestDatabases.newSchemaName();
    /** Names the service's connections, so that the test can end exactly those. */
    private final String applicationName = "chain-" + schema;
    private final String url = TestDatabases.createPostgresSchema(schema) + "&ApplicationName=" + applicationName;

    @AfterEach
    void dropSchema() {
        TestDatabases.dropPostgresSchema(schema);
    }

    @Override
    protected Map<String, String> environment() {
        return Map.of("DATABASE_URL", url);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url.replace("&ApplicationName=" + applicationName, ""));
    }

    @Test
    void theChainSurvivesItsConnectionsBeingTerminated() throws Exception {
        try (ServiceChild service = start()) {
            allocateEverythingToA(service);
            shrinkAAndAwaitTheChain(service);
            int terminated;
            try (Connection admin = connect(); Statement statement = admin.createStatement()) {
                var rs = statement.executeQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = '" + applicationName + "'");
                rs.next();
                terminated = rs.getInt(1);
            }
            assertThat(terminated).isPositive();
            assertThat(counts().linesInB()).as("cut mid-chain").isLessThan(LINES);

            awaitEveryLineInB(service);
        }
        assertThat(counts()).isEqualTo(new Counts(0, LINES, 0, false));
    }

    @Test
    void whenOneOfTwoInstancesDiesMidChainTheOtherFinishesIt() throws Exception {
        try (ServiceChild survivor = start(); ServiceChild victim = start()) {
            allocateEverythingToA(victim);
            shrinkAAndAwaitTheChain(victim);
            victim.kill();
            assertThat(counts().linesInB()).as("killed mid-chain").isLessThan(LINES);

            awaitEveryLineInB(survivor);
        }
        assertThat(counts()).isEqualTo(new Counts(0, LINES, 0, false));
    }

    @Test
    void whenOneOfTwoInstancesDiesWhileBackordersAreFilledTheOtherFinishes() throws Exception {
        try (ServiceChild survivor = start(); ServiceChild victim = start()) {
            backorderEverything(victim);
            restockAndAwaitTheFill(victim);
            victim.kill();
            assertThat(storedWaiting()).as("killed mid-fill").isBetween(1, WAITING - 1);

            awaitNothingWaiting(survivor);
        }
        assertEveryLineAllocatedOnce();
    }
}
