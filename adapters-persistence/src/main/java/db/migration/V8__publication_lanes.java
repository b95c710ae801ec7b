package db.migration;

import dev.allocation.application.port.out.Publication;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spreads the outbox over lanes, so that several relay threads and instances send it at once, each
 * lane in order: a {@code lane} column, set for the publications already waiting to their SKU's lane
 * (in Java: the two databases share no hash function), and the relays' index by lane in place of
 * the destination's: each lane is read from its oldest, past none of the others' rows.
 */
public class V8__publication_lanes extends BaseJavaMigration {

    private static final int SKUS_PER_STATEMENT = 500;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE outgoing_publications ADD COLUMN lane SMALLINT DEFAULT 0 NOT NULL");
        }
        Map<Integer, List<String>> skusByLane = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet skus = statement.executeQuery("SELECT DISTINCT sku FROM outgoing_publications")) {
            while (skus.next()) {
                String sku = skus.getString(1);
                skusByLane.computeIfAbsent(Publication.lane(sku), lane -> new ArrayList<>()).add(sku);
            }
        }
        for (Map.Entry<Integer, List<String>> lane : skusByLane.entrySet()) {
            if (lane.getKey() == 0) {
                continue;
            }
            List<String> skus = lane.getValue();
            for (int from = 0; from < skus.size(); from += SKUS_PER_STATEMENT) {
                List<String> some = skus.subList(from, Math.min(skus.size(), from + SKUS_PER_STATEMENT));
                String marks = String.join(", ", Collections.nCopies(some.size(), "?"));
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE outgoing_publications SET lane = ? WHERE sku IN (" + marks + ")")) {
                    update.setInt(1, lane.getKey());
                    for (int i = 0; i < some.size(); i++) {
                        update.setString(i + 2, some.get(i));
                    }
                    update.executeUpdate();
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP INDEX outgoing_publications_in_order");
            statement.execute("CREATE INDEX outgoing_publications_by_lane ON outgoing_publications (destination, lane, seq)");
        }
    }
}
