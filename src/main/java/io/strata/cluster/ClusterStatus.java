package io.strata.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the nodes sharing {@code strata.cluster.jdbc-url} told Quartz: who checked in when
 * ({@code QRTZ_SCHEDULER_STATE}) and which plans or passes each is running now ({@code QRTZ_FIRED_TRIGGERS},
 * state EXECUTING). Read with one plain connection: asking is no reason to create tables or join the cluster.
 */
public final class ClusterStatus {

    /** Quartz takes a node for dead once it is this much later than its check-in interval. */
    static final Duration GRACE = Duration.ofMillis(7500);

    /** One plan or pass running on a node; {@code name} is the plan's name, or {@code archive}. */
    public record Running(String name, Instant since, boolean recovering) {
    }

    /** One node as it last checked in. */
    public record Node(String instance, Instant lastCheckin, Duration checkinInterval, List<Running> running) {

        /** Whether Quartz now takes it for dead (its runs are, or are about to be, recovered elsewhere). */
        public boolean late(Instant now) {
            return lastCheckin.plus(checkinInterval).plus(GRACE).isBefore(now);
        }
    }

    private ClusterStatus() {
    }

    /** The nodes in instance order; empty when no node ever started (no tables yet). */
    public static List<Node> read(ClusterSettings settings) {
        Properties login = new Properties();
        login.setProperty("user", settings.user());
        login.setProperty("password", settings.password());
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), login)) {
            if (!tableExists(connection)) {
                return List.of();
            }
            Map<String, List<Running>> running = running(connection);
            List<Node> nodes = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT instance_name, last_checkin_time, "
                    + "checkin_interval FROM qrtz_scheduler_state WHERE sched_name = ? ORDER BY instance_name")) {
                query.setString(1, ClusteredQuartz.INSTANCE_NAME);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        String instance = rs.getString(1);
                        nodes.add(new Node(instance, Instant.ofEpochMilli(rs.getLong(2)), Duration.ofMillis(rs.getLong(3)),
                                running.getOrDefault(instance, List.of())));
                    }
                }
            }
            return nodes;
        } catch (SQLException e) {
            throw new ClusterException("Cannot read the cluster's state from strata.cluster.jdbc-url="
                    + ClusterDatabase.shown(settings.jdbcUrl()) + " as strata.cluster.user=" + settings.user() + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean tableExists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass('qrtz_scheduler_state') IS NOT NULL");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The executing firings per node; a recovered run's trigger is Quartz's, its job the plan's. */
    private static Map<String, List<Running>> running(Connection connection) throws SQLException {
        Map<String, List<Running>> running = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT instance_name, job_name, fired_time, "
                + "trigger_group FROM qrtz_fired_triggers WHERE sched_name = ? AND state = 'EXECUTING' ORDER BY fired_time")) {
            query.setString(1, ClusteredQuartz.INSTANCE_NAME);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    running.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Running(rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)), "RECOVERING_JOBS".equals(rs.getString(4))));
                }
            }
        }
        return running;
    }
}
