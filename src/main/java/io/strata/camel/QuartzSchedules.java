package io.strata.camel;

import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ScheduleZone;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Quartz triggers (routes {@code plan-<name>}, {@code archive-daily}, {@code verify-daily}), every one in
 * the schedule's zone, each announced at start with its next fire time and that zone, so that a
 * schedule read in the wrong zone shows in the first lines of the log, not hours later.
 */
public final class QuartzSchedules {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzSchedules.class);

    private final CamelContext context;
    private final ScheduleZone zone;

    public QuartzSchedules(CamelContext context, ScheduleZone zone) {
        this.context = context;
        this.zone = zone;
    }

    public void schedulePlan(BackupPlan plan) throws Exception {
        String route = context.addRouteFromTemplate("plan-" + plan.name(), "plan-trigger",
                Map.of("plan", plan.name(), "cron", plan.cronForUri(), "timeZone", zone.quartzId()));
        LOG.info("Plan {} scheduled: cron '{}' in {}, next run {}; resources {}", plan.name(), plan.cron(), zone,
                nextRun(route), plan.resources());
    }

    /** The daily archive pass at {@code cron} ({@code strata.archive.cron}), checked first. */
    public void scheduleArchive(String cron) throws Exception {
        PlanCatalog.checkCron("strata.archive.cron", cron);
        String route = context.addRouteFromTemplate("archive-daily", "archive-trigger",
                Map.of("cron", cron.trim().replaceAll("\\s+", "+"), "timeZone", zone.quartzId()));
        LOG.info("Archive pass scheduled: cron '{}' in {}, next run {}", cron, zone, nextRun(route));
    }

    /**
     * The verify pass at {@code cron} ({@code strata.verify.cron}), checked first, then the restore tests that are
     * due when {@code restoreTests} (a plan sets restore-test: only then is their route loaded).
     */
    public void scheduleVerify(String cron, boolean restoreTests) throws Exception {
        PlanCatalog.checkCron("strata.verify.cron", cron);
        String route = context.addRouteFromTemplate("verify-daily", "verify-trigger",
                Map.of("cron", cron.trim().replaceAll("\\s+", "+"), "timeZone", zone.quartzId(),
                        "restoreTests", String.valueOf(restoreTests)));
        LOG.info("Verify pass scheduled: cron '{}' in {}, next run {}", cron, zone, nextRun(route));
    }

    /**
     * This node takes no more firings (Quartz's standby; its running jobs go on): called first on a stop signal,
     * so that a firing due while the daemon stops runs on another node rather than failing here at once.
     */
    public static void standby(CamelContext context) {
        try {
            context.getComponent("quartz", QuartzComponent.class).getScheduler().standby();
        } catch (SchedulerException | RuntimeException e) {
            LOG.warn("Could not stop taking scheduled firings before stopping: {}", e.getMessage());
        }
    }

    /** When the Quartz trigger of a schedule route fires next; empty when it never will. */
    public Optional<Instant> nextFire(String routeId) throws SchedulerException {
        Route route = context.getRoute(routeId);
        if (route == null || !(route.getEndpoint() instanceof QuartzEndpoint endpoint)) {
            throw new IllegalArgumentException("No Quartz schedule route '" + routeId + "'");
        }
        Trigger trigger = endpoint.getComponent().getScheduler().getTrigger(endpoint.getTriggerKey());
        Date next = trigger == null ? null : trigger.getNextFireTime();
        return Optional.ofNullable(next).map(Date::toInstant);
    }

    private String nextRun(String routeId) {
        try {
            return nextFire(routeId).map(zone::show).orElse("never (the cron has no future date)");
        } catch (SchedulerException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
