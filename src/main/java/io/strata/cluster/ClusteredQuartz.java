package io.strata.cluster;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.SchedulerException;

/**
 * Camel's Quartz component on the clustered JDBC job store: every node writes its triggers to the same
 * PostgreSQL tables under one scheduler name, and each firing is taken by exactly one node (Quartz's row lock
 * on {@code QRTZ_LOCKS}). A node that stops checking in for {@code strata.cluster.checkin-interval} (+ 7.5 s)
 * is taken for dead: its triggers fire elsewhere, and the jobs it was running (the plan routes declare
 * {@code recoverableJob}) run again on another node.
 */
public final class ClusteredQuartz {

    /** One scheduler name on every node: nodes with different names never share a trigger. */
    static final String INSTANCE_NAME = "strata";

    private ClusteredQuartz() {
    }

    /**
     * Registers the clustered component as {@code quartz} in {@code context}, before any route uses it.
     * The scheduler is not started: {@link #start} starts it once this node's schedule routes exist, since
     * a trigger other nodes keep (due now) would otherwise fire here before its route exists, and be lost.
     * Returns {@code database}, for what else uses it.
     */
    public static ClusterDatabase install(CamelContext context, ClusterDatabase database) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(properties(database.settings()));
        // Camel prefixes the scheduler name with the CamelContext's by default: names must be equal everywhere.
        quartz.setPrefixInstanceName(false);
        quartz.setAutoStartScheduler(false);
        context.addComponent("quartz", quartz);
        return database;
    }

    /** Starts firing: this node now takes its share of the triggers. */
    public static void start(CamelContext context) throws SchedulerException {
        context.getComponent("quartz", QuartzComponent.class).getScheduler().start();
    }

    static Map<String, String> properties(ClusterSettings settings) {
        Map<String, String> p = new HashMap<>();
        p.put("org.quartz.scheduler.instanceName", INSTANCE_NAME);
        p.put("org.quartz.scheduler.instanceId", "AUTO"); // host name + start time: unique per node
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.put("org.quartz.threadPool.threadCount", "5");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // Not StdJDBCDelegate: PostgreSQL keeps job data in bytea, which only this delegate reads.
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", ClusterDatabase.DATA_SOURCE);
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(settings.checkinInterval().toMillis()));
        // Camel's cron triggers fire once at once after a misfire (a whole cluster down at 02:00 backs up when
        // it is back). A firing later than this counts as missed: 5 s as in memory (RAMJobStore's default), not
        // JDBC's 60 s, under which every slot a long run blocked (stateful) was run afterwards, back to back.
        p.put("org.quartz.jobStore.misfireThreshold", "5000");
        return p;
    }
}
