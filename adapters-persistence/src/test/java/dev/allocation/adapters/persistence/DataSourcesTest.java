package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DataSourcesTest {

    private static final String DEFAULTS = ";WRITE_DELAY=" + DataSources.WRITE_DELAY_MILLIS
            + ";RETENTION_TIME=" + DataSources.RETENTION_MILLIS + ";MAX_COMPACT_TIME=2000";

    @Test
    void anH2FileUrlGetsSynchronousWritesAndCompactionOnClose() {
        assertThat(DataSources.durableH2("jdbc:h2:file:./data/x"))
                .isEqualTo("jdbc:h2:dsync:./data/x;DB_CLOSE_ON_EXIT=FALSE" + DEFAULTS);
        assertThat(DataSources.durableH2("jdbc:h2:/srv/data/x"))
                .isEqualTo("jdbc:h2:dsync:/srv/data/x;DB_CLOSE_ON_EXIT=FALSE" + DEFAULTS);
    }

    @Test
    void aUrlKeepsTheSettingsItMakesItself() {
        assertThat(DataSources.durableH2("jdbc:h2:dsync:./data/x;write_delay=50;RETENTION_TIME=1000;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=TRUE"))
                .isEqualTo("jdbc:h2:dsync:./data/x;write_delay=50;RETENTION_TIME=1000;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=TRUE");
    }

    @Test
    void anotherOfH2sFileSystemsIsKeptAsItIs() {
        assertThat(DataSources.durableH2("jdbc:h2:nio:./data/x"))
                .isEqualTo("jdbc:h2:nio:./data/x;DB_CLOSE_ON_EXIT=FALSE" + DEFAULTS);
        assertThat(DataSources.durableH2("jdbc:h2:C:/data/x"))
                .isEqualTo("jdbc:h2:dsync:C:/data/x;DB_CLOSE_ON_EXIT=FALSE" + DEFAULTS);
    }

    @Test
    void inMemoryAndRemoteDatabasesAreOnlyKeptOpenUntilThePoolCloses() {
        assertThat(DataSources.durableH2("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DataSources.durableH2("jdbc:h2:tcp://db:9092/x")).isEqualTo("jdbc:h2:tcp://db:9092/x;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void onlyAnEmbeddedOrInMemoryH2IsWrittenByThisProcessAlone() {
        assertThat(settings("jdbc:h2:file:./data/x").changedOnlyHere()).isTrue();
        assertThat(settings("jdbc:h2:mem:x").changedOnlyHere()).isTrue();
        assertThat(settings("jdbc:h2:file:./data/x;auto_server=true").changedOnlyHere()).as("other processes connect through it").isFalse();
        assertThat(settings("jdbc:h2:tcp://db:9092/x").changedOnlyHere()).isFalse();
        assertThat(settings("jdbc:postgresql://db/x").changedOnlyHere()).isFalse();
    }

    private static DatabaseSettings settings(String url) {
        return new DatabaseSettings(url, "", "", 1);
    }
}
