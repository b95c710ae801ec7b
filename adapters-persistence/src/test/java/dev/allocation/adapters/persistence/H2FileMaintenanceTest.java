package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The compaction task. Its effect shows only under minutes of load (the load generator reports the
 * H2 file size: see docs/benchmarks.md); here, that it stays out of the way where it has no work.
 */
class H2FileMaintenanceTest {

    @Test
    void startsNothingForPostgresql() {
        DatabaseSettings postgres = new DatabaseSettings("jdbc:postgresql://127.0.0.1/none", "", "", 1);
        // A null data source would fail on the first round; none is ever scheduled.
        assertThatCode(() -> {
            H2FileMaintenance maintenance = H2FileMaintenance.start(null, postgres, Duration.ofMillis(1));
            Thread.sleep(50);
            maintenance.close();
        }).doesNotThrowAnyException();
    }

    @Test
    void aRoundOnAnInMemoryDatabaseIsHarmless() {
        DatabaseSettings memory = new DatabaseSettings("jdbc:h2:mem:maintenance", "sa", "", 1);
        try (var dataSource = DataSources.pooled(memory)) {
            assertThatCode(() -> H2FileMaintenance.compact(dataSource)).doesNotThrowAnyException();
        }
    }
}
