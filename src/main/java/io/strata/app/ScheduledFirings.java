package io.strata.app;

import io.strata.cluster.ClusterDatabase;
import io.strata.cluster.FiringLocks;
import io.strata.service.StopSignal;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate of every plan firing ({@code plan-trigger}): a node that is stopping starts nothing (the run would
 * only fail at once, reported as stopped); with {@code strata.cluster.jdbc-url} a firing runs only under its
 * plan's cluster-wide claim ({@link FiringLocks}), so a firing Quartz hands out twice runs once.
 */
public final class ScheduledFirings {

    /** What {@link #claim} returns when the firing runs here; {@link #release} ends it. */
    public interface Firing extends AutoCloseable {
        @Override
        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledFirings.class);

    private final StopSignal stop;
    private volatile FiringLocks locks;

    ScheduledFirings(StopSignal stop) {
        this.stop = stop;
    }

    /** From now on firings are claimed in the cluster's database. */
    void useCluster(ClusterDatabase database) {
        locks = FiringLocks.open(database);
    }

    /** This firing's claim when it is to run here; null when it is not (logged why). */
    public Firing claim(String plan, Date scheduled) {
        Instant at = scheduled == null ? Instant.now() : scheduled.toInstant();
        if (stop.requested()) {
            LOG.info("Plan {}: the firing of {} is not started: this node is stopping", plan, at);
            return null;
        }
        FiringLocks cluster = locks;
        if (cluster == null) {
            return () -> { };
        }
        Optional<FiringLocks.Claim> claim = cluster.claim(plan, at);
        return claim.<Firing>map(held -> held::close).orElse(null);
    }

    public void release(Firing firing) {
        if (firing != null) {
            firing.close();
        }
    }
}
