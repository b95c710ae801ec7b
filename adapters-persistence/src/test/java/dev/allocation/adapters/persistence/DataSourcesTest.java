package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DataSourcesTest {

    @Test
    void anH2FileUrlGetsDurableCommitsAndCompactionOnClose() {
        assertThat(DataSources.durableH2("jdbc:h2:file:./data/x"))
                .isEqualTo("jdbc:h2:file:./data/x;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;MAX_COMPACT_TIME=2000");
    }

    @Test
    void aUrlKeepsTheSettingsItMakesItself() {
        assertThat(DataSources.durableH2("jdbc:h2:file:./data/x;write_delay=100;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=TRUE"))
                .isEqualTo("jdbc:h2:file:./data/x;write_delay=100;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=TRUE");
    }

    @Test
    void anInMemoryDatabaseIsOnlyKeptOpenUntilThePoolCloses() {
        assertThat(DataSources.durableH2("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_ON_EXIT=FALSE");
    }
}
