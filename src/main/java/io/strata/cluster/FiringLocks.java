package io.strata.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one run of a plan at a time across the cluster, and each scheduled firing run once, also when
 * Quartz runs one firing twice. Quartz takes a node that has not checked in for the check-in interval + 7.5 s
 * for dead, and then runs its in-flight {@code recoverableJob}s again elsewhere and unblocks its
 * {@code stateful} triggers, whether the node is dead or only slow (a long GC pause, a starved CPU, a
 * network stall). So a run holds PostgreSQL's advisory lock of its plan, on a connection of its own: the
 * server releases it when that connection ends, at once when the process is killed. A second run of the plan
 * while the lock is held yields; a run whose firing (its scheduled fire time) is not newer than the last firing
 * that ended is not run again. A firing whose node was really killed has neither, and runs on the node that
 * recovers it.
 */
public final class FiringLocks {

    private static final Logger LOG = LoggerFactory.getLogger(FiringLocks.class);
    /** The latest firing of each plan that ended (with success or not) and where the plan is running now. */
    static final String TABLE = "CREATE TABLE STRATA_PLAN_FIRINGS (plan VARCHAR(255) PRIMARY KEY, "
            + "last_ended BIGINT NOT NULL, running_on VARCHAR(255), running_since BIGINT)";

    private final ClusterSettings settings;
    private final String node;

    private FiringLocks(ClusterSettings settings) {
        this.settings = settings;
        this.node = hostName() + " pid " + ProcessHandle.current().pid();
    }

    /** Creates the table when missing, under the schema's lock (two nodes starting at once create it once). */
    public static FiringLocks open(ClusterDatabase database) {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + ClusterSchema.LOCK + ")");
                // Looked up first: CREATE ... IF NOT EXISTS needs CREATE on the schema, revoked after the first start.
                try (ResultSet rs = statement.executeQuery("SELECT to_regclass('strata_plan_firings') IS NOT NULL")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        statement.execute(TABLE);
                        LOG.info("Cluster database: created STRATA_PLAN_FIRINGS");
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new ClusterException("Cannot create STRATA_PLAN_FIRINGS in strata.cluster.jdbc-url="
                    + ClusterDatabase.shown(database.settings().jdbcUrl()) + ": " + e.getMessage(), e);
        }
        return new FiringLocks(database.settings());
    }

    /**
     * This node's claim on {@code plan}'s firing scheduled at {@code scheduled}, held until closed; empty (and
     * logged, naming where the plan runs) when another live node runs the plan or this firing already ran.
     */
    public Optional<Claim> claim(String plan, Instant scheduled) {
        Connection connection = null;
        try {
            // Not from the pool: a run holds it for its whole length, and Quartz's check-ins must never wait for one.
            connection = DriverManager.getConnection(settings.jdbcUrl(), credentials());
            connection.setAutoCommit(true);
            if (!tryLock(connection, plan)) {
                LOG.warn("Plan {}: the firing of {} is not run here: the plan is running on {}. Quartz ran this firing "
                        + "twice, taking that node for dead while it was alive (it was silent for longer than "
                        + "strata.cluster.checkin-interval + 7.5 s)", plan, scheduled, runningOn(connection, plan));
                connection.close();
                return Optional.empty();
            }
            long lastEnded = lastEnded(connection, plan);
            if (lastEnded >= scheduled.toEpochMilli()) {
                LOG.warn("Plan {}: the firing of {} is not run again: it or a later one already ran (until {}); Quartz ran "
                        + "it twice, taking its node for dead while it was alive", plan, scheduled, Instant.ofEpochMilli(lastEnded));
                connection.close(); // ends the session: the lock goes with it
                return Optional.empty();
            }
            update(connection, "INSERT INTO STRATA_PLAN_FIRINGS (plan, last_ended, running_on, running_since) "
                    + "VALUES (?, 0, ?, ?) ON CONFLICT (plan) DO UPDATE SET running_on = EXCLUDED.running_on, "
                    + "running_since = EXCLUDED.running_since", plan, node, System.currentTimeMillis());
            return Optional.of(new Claim(connection, plan, scheduled));
        } catch (SQLException e) {
            close(connection);
            throw new ClusterException("Plan " + plan + ": cannot claim its firing of " + scheduled
                    + " in strata.cluster.jdbc-url=" + ClusterDatabase.shown(settings.jdbcUrl()) + ": " + e.getMessage(), e);
        }
    }

    /** A plan's run on this node: closing it records its firing as ended and lets the plan run elsewhere. */
    public final class Claim implements AutoCloseable {

        private final Connection connection;
        private final String plan;
        private final Instant scheduled;

        private Claim(Connection connection, String plan, Instant scheduled) {
            this.connection = connection;
            this.plan = plan;
            this.scheduled = scheduled;
        }

        @Override
        public void close() {
            try {
                update(connection, "UPDATE STRATA_PLAN_FIRINGS SET last_ended = GREATEST(last_ended, ?), running_on = NULL, "
                        + "running_since = NULL WHERE plan = ?", scheduled.toEpochMilli(), plan);
            } catch (SQLException e) {
                // The lock still ends with the connection; a recovery of this firing would then run it again.
                LOG.warn("Plan {}: could not record that its firing of {} ended: {}", plan, scheduled, e.getMessage());
            } finally {
                FiringLocks.close(connection);
            }
        }
    }

    /** 64 bits of SHA-256 of the plan's name: the key of its advisory lock, the same on every node. */
    static long lockKey(String plan) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("strata plan " + plan).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static boolean tryLock(Connection connection, String plan) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            query.setLong(1, lockKey(plan));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static long lastEnded(Connection connection, String plan) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT last_ended FROM STRATA_PLAN_FIRINGS WHERE plan = ?")) {
            query.setString(1, plan);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static String runningOn(Connection connection, String plan) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT running_on, running_since FROM STRATA_PLAN_FIRINGS WHERE plan = ?")) {
            query.setString(1, plan);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getString(1) != null
                        ? rs.getString(1) + " since " + Instant.ofEpochMilli(rs.getLong(2)) : "another node";
            }
        }
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        p.setProperty("password", settings.password());
        return p;
    }

    private static void close(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the server ends the session, and the lock, when the socket goes
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }
}
