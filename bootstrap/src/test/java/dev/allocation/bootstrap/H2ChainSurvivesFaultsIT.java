package dev.allocation.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

class H2ChainSurvivesFaultsIT extends ChainSurvivesFaultsContract {

    private String url() {
        return TestDatabases.h2(logs);
    }

    @Override
    protected Map<String, String> environment() {
        return Map.of("DATABASE_URL", url());
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "sa", "");
    }
}
