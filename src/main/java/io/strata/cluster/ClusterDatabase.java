package io.strata.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.quartz.SchedulerException;
import org.quartz.utils.DBConnectionManager;
import org.quartz.utils.HikariCpPoolingConnectionProvider;

/**
 * The connection pool to {@code strata.cluster.jdbc-url}, built once per runtime with Quartz's own HikariCP
 * pool provider and registered with Quartz under {@link #DATA_SOURCE}, so that Quartz's job store and the
 * request triggers' idempotent repository share it. The password goes to the pool directly, not through
 * Quartz's properties (which Camel logs when debugging). The shared tables are created when it opens.
 */
public final class ClusterDatabase implements AutoCloseable {

    /** The name Quartz's job store finds the pool under ({@code org.quartz.jobStore.dataSource}). */
    static final String DATA_SOURCE = "strata";
    /** Quartz's threads (plans and passes running at once) + its cluster manager and misfire handler + status. */
    private static final int CONNECTIONS = 10;

    private final ClusterSettings settings;
    private final HikariCpPoolingConnectionProvider pool;
    private final List<Runnable> beforeClose = new CopyOnWriteArrayList<>();

    private ClusterDatabase(ClusterSettings settings, HikariCpPoolingConnectionProvider pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /** Connects, creates the missing tables, registers the pool with Quartz; fails naming the setting. */
    public static ClusterDatabase open(ClusterSettings settings) {
        HikariCpPoolingConnectionProvider pool = null;
        try {
            pool = new HikariCpPoolingConnectionProvider("org.postgresql.Driver", settings.jdbcUrl(),
                    settings.user(), settings.password(), CONNECTIONS, "SELECT 1");
            try (Connection connection = pool.getConnection()) {
                ClusterSchema.ensure(connection);
            }
        } catch (SQLException | SchedulerException | RuntimeException e) {
            if (pool != null) {
                shutdown(pool);
            }
            throw new ClusterException("Cannot use the cluster database strata.cluster.jdbc-url=" + shown(settings.jdbcUrl())
                    + " as strata.cluster.user=" + settings.user() + ": " + e.getMessage(), e);
        }
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, pool);
        return new ClusterDatabase(settings, pool);
    }

    public ClusterSettings settings() {
        return settings;
    }

    public DataSource dataSource() {
        return pool.getDataSource();
    }

    /** The URL without its query string, where a password may be written ({@code ?password=}). */
    static String shown(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
    }

    /** Runs {@code last} when closing, while the pool still serves (the request claims release theirs). */
    void beforeClose(Runnable last) {
        beforeClose.add(last);
    }

    @Override
    public void close() {
        beforeClose.forEach(Runnable::run);
        shutdown(pool);
    }

    private static void shutdown(HikariCpPoolingConnectionProvider pool) {
        try {
            pool.shutdown();
        } catch (SQLException e) {
            // closing: nothing left to do with it
        }
    }
}
