package io.strata.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request triggers' idempotent repository when several replicas share them: a <em>claim</em> per request in
 * {@code CAMEL_MESSAGEPROCESSED} (camel-sql's layout: processorName, messageId, createdAt), held while one replica
 * works on the request and kept alive by a heartbeat that rewrites {@code createdAt}. Another replica's
 * {@link #add} fails while the claim is alive; a claim whose heartbeat is older than {@link #timeout()} (its
 * replica died) is taken over. Finishing ({@link #confirm}) or failing ({@link #remove}) a request deletes its
 * claim: a finished request is known by its outcome (written before the claim goes), a failed one is retried.
 * <p>
 * Not camel-sql's {@code JdbcOrphanLockAwareIdempotentRepository}, which has the same idea: there two replicas
 * that find one orphan at once both take it over (check, then unconditional update), the replica that took an
 * orphan over never renews it, and every confirmed request is renewed for the rest of the process's life. Here the
 * claim is one {@code INSERT … ON CONFLICT DO UPDATE … WHERE} (PostgreSQL row-locks the conflicting row, so one
 * replica wins), every claim taken is renewed until released, and {@code createdAt} is the database's clock in
 * UTC, so the replicas' clocks and time zones never meet. No Spring either (camel-sql's JdbcTemplate would pull
 * Spring 6.2 over S3Mock's Spring 7 in the tests).
 */
public final class RequestClaims implements IdempotentRepository {

    /** One name for all replicas: the claims they share. */
    static final String PROCESSOR = "strata-requests";
    /** A claim outlives this many missed heartbeats (a GC pause, a slow database) before it is taken for dead. */
    static final int HEARTBEATS_PER_TIMEOUT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(RequestClaims.class);
    /** The exchange that took a claim (Camel's idempotent consumer), see {@link #confirm(Exchange, String)}. */
    private static final String CLAIMED = "strataClaimed";
    private static final String NOW = "(now() AT TIME ZONE 'UTC')";
    private static final String CLAIM = "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) "
            + "VALUES (?, ?, " + NOW + ") ON CONFLICT (processorName, messageId) DO UPDATE SET createdAt = EXCLUDED.createdAt "
            + "WHERE CAMEL_MESSAGEPROCESSED.createdAt < EXCLUDED.createdAt - ? * INTERVAL '1 millisecond' "
            + "RETURNING (xmax = 0) AS inserted";

    private final DataSource database;
    private final Duration heartbeat;
    private final Duration timeout;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService beats;

    RequestClaims(DataSource database, Duration heartbeat) {
        this.database = database;
        this.heartbeat = heartbeat;
        this.timeout = heartbeat.multipliedBy(HEARTBEATS_PER_TIMEOUT);
    }

    /**
     * With {@code strata.cluster.jdbc-url}: how to make the claims, on the database {@code open} gives (asked only if a
     * request trigger is configured); empty without it, and nothing touches a database.
     */
    public static Optional<Supplier<IdempotentRepository>> ifClustered(Properties settings,
                                                                       Function<ClusterSettings, ClusterDatabase> open) {
        return ClusterSettings.from(settings).map(cluster -> () -> on(open.apply(cluster)));
    }

    /**
     * Claims on the cluster's database, renewed every {@code strata.cluster.checkin-interval} from now until the
     * database is closed (after Camel stopped), when the claims still held are released.
     */
    public static RequestClaims on(ClusterDatabase database) {
        RequestClaims claims = new RequestClaims(database.dataSource(), database.settings().checkinInterval());
        claims.renew();
        database.beforeClose(claims::end);
        return claims;
    }

    /**
     * Nothing: every route using the repository starts and stops it (one route stopped over JMX would otherwise stop
     * renewing the claims of the others); the claims live from {@link #on} to {@link #end}.
     */
    @Override
    public void start() {
    }

    /** Nothing, see {@link #start}. */
    @Override
    public void stop() {
    }

    /** How long a claim lives without a heartbeat: then its replica is taken for dead and the request is taken over. */
    public Duration timeout() {
        return timeout;
    }

    /** Claims {@code key}: true when no live replica holds it (none did, or its holder stopped renewing it). */
    @Override
    public boolean add(String key) {
        try (Connection connection = database.getConnection();
             PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setString(1, PROCESSOR);
            claim.setString(2, key);
            claim.setLong(3, timeout.toMillis());
            try (ResultSet rs = claim.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                if (!rs.getBoolean(1)) {
                    LOG.warn("Request {}: its replica stopped renewing its claim over {} ago (died?): taken over here",
                            key, timeout);
                }
            }
        } catch (SQLException e) {
            throw new ClusterException("Cannot claim request " + key + " in the cluster database: " + e.getMessage(), e);
        }
        held.add(key);
        return true;
    }

    /** The same, remembering in {@code exchange} that this exchange took it. */
    @Override
    public boolean add(Exchange exchange, String key) {
        boolean claimed = add(key);
        if (claimed) {
            exchange.setProperty(CLAIMED, key);
        }
        return claimed;
    }

    /**
     * Releases the claim only if {@code exchange} took it: Camel's idempotent consumer also confirms (or removes) the
     * key of a duplicate it let through, and that claim belongs to whoever is running the request — another replica,
     * or another route of this one (the SQS notification and the prefix's polling meet the same object).
     */
    @Override
    public boolean confirm(Exchange exchange, String key) {
        return key.equals(exchange.getProperty(CLAIMED)) && confirm(key);
    }

    /** See {@link #confirm(Exchange, String)}. */
    @Override
    public boolean remove(Exchange exchange, String key) {
        return key.equals(exchange.getProperty(CLAIMED)) && remove(key);
    }

    /** Whether a live replica holds {@code key}. */
    @Override
    public boolean contains(String key) {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? "
                     + "AND messageId = ? AND createdAt >= " + NOW + " - ? * INTERVAL '1 millisecond'")) {
            query.setString(1, PROCESSOR);
            query.setString(2, key);
            query.setLong(3, timeout.toMillis());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new ClusterException("Cannot read the claim of request " + key + ": " + e.getMessage(), e);
        }
    }

    /** The request failed: its claim goes, so that the next poll (on any replica) tries it again. */
    @Override
    public boolean remove(String key) {
        return release(key);
    }

    /** The request is done and its outcome written: the claim goes, the outcome tells any replica it is done. */
    @Override
    public boolean confirm(String key) {
        return release(key);
    }

    @Override
    public void clear() {
        update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ANY (?)", held.toArray(String[]::new));
        held.clear();
    }

    /** Only a claim taken here: another replica's is never deleted. */
    private boolean release(String key) {
        if (!held.remove(key)) {
            return false;
        }
        return update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ANY (?)", key) > 0;
    }

    /** Renews every claim held here; a failure is logged and the next beat tries again (the timeout allows several). */
    void beat() {
        if (held.isEmpty()) {
            return;
        }
        try {
            update("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = " + NOW + " WHERE processorName = ? AND messageId = ANY (?)",
                    held.toArray(String[]::new));
        } catch (RuntimeException e) {
            LOG.warn("Cannot renew the claims of {} request(s) in the cluster database: {}", held.size(), e.getMessage());
        }
    }

    private int update(String sql, String... keys) {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, PROCESSOR);
            statement.setArray(2, connection.createArrayOf("varchar", keys));
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new ClusterException("Cannot update request claims in the cluster database: " + e.getMessage(), e);
        }
    }

    void renew() {
        beats = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "strata-request-claims");
            thread.setDaemon(true);
            return thread;
        });
        beats.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After the routes stopped: a claim still held belongs to no running work, so another replica may take it now. */
    void end() {
        if (beats != null) {
            beats.shutdownNow();
            beats = null;
        }
        if (!held.isEmpty()) {
            try {
                clear();
            } catch (RuntimeException e) {
                LOG.warn("Claims of {} request(s) left to time out ({}): {}", held.size(), timeout, e.getMessage());
            }
        }
    }
}
