package io.strata.monitor;

import io.strata.service.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * {@code /observe/health}: DOWN unless every plan's trigger route is started and the Quartz scheduler itself
 * is started and not in standby. A scheduler in standby keeps its routes "started" and never fires: the known
 * failure mode of clustered Quartz that a route check alone reports as healthy.
 */
final class ScheduleHealthCheck extends AbstractHealthCheck {

    private final CamelContext context;
    private final List<String> routes;

    /** @param routes the schedule routes that must be started ({@code plan-<name>}, {@code archive-daily}) */
    ScheduleHealthCheck(CamelContext context, List<String> routes) {
        super("strata", "strata-schedules");
        this.context = context;
        this.routes = List.copyOf(routes);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = new ArrayList<>();
        for (String route : routes) {
            ServiceStatus status = context.getRouteController().getRouteStatus(route);
            if (status == null || !status.isStarted()) {
                problems.add("route " + route + " is " + (status == null ? "missing" : status.name().toLowerCase(Locale.ROOT)));
            }
        }
        problems.addAll(scheduler());
        builder.detail("routes", String.join(",", routes));
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", problems)).down();
        }
    }

    private List<String> scheduler() {
        try {
            Scheduler scheduler = context.getComponent("quartz", QuartzComponent.class).getScheduler();
            if (scheduler == null || !scheduler.isStarted()) {
                return List.of("the Quartz scheduler is not started");
            }
            if (scheduler.isInStandbyMode()) {
                return List.of("the Quartz scheduler is in standby: no schedule fires");
            }
            if (scheduler.isShutdown()) {
                return List.of("the Quartz scheduler is shut down");
            }
            return List.of();
        } catch (SchedulerException | RuntimeException e) {
            return List.of("the Quartz scheduler cannot be asked: " + Failures.message(e));
        }
    }
}
