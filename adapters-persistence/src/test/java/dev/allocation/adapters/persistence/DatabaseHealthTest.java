package dev.allocation.adapters.persistence;

import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseHealthTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);

    @Test
    void aDatabaseThatAnswersIsHealthy() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:health");
        assertThat(new DatabaseHealth(Jdbi.create(h2), Duration.ofSeconds(5)).problem()).isEmpty();
    }

    @Test
    void aDatabaseThatHangsIsReportedWithinTheDeadline() {
        DatabaseHealth health = new DatabaseHealth(Jdbi.create(hanging()), DEADLINE);
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            assertThat(health.problem()).contains("it did not answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE.multipliedBy(3));
        }
    }

    @Test
    void aFailureIsReportedInWordsThatNameNoClass() {
        DatabaseHealth health = new DatabaseHealth(Jdbi.create(failing()), DEADLINE);
        assertThat(health.problem()).contains("the probe query failed (the log says why)");
    }

    /** A pool waiting for a connection that will not come. */
    private static DataSource hanging() {
        return new StubDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new SQLTransientConnectionException("Connection is not available, request timed out after 10000ms");
            }
        };
    }

    private static DataSource failing() {
        return new StubDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                throw new SQLTransientConnectionException("Connection refused");
            }
        };
    }

    private abstract static class StubDataSource implements DataSource {

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
