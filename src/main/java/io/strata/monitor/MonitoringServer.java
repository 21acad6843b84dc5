package io.strata.monitor;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strata.plan.BackupPlan;
import io.strata.run.RunReport;
import io.strata.service.CatalogQuery;
import io.strata.vault.Vault;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's {@code /observe/metrics} and {@code /observe/health} ({@code strata.http.port}): Camel's
 * management server scrapes the Prometheus registry made here, which holds Strata's metrics
 * ({@link BackupMetrics}) beside Camel's own route metrics, and runs Camel's health checks with Strata's
 * (the vault reachable, the schedules able to fire). Made only when the port is set: this class is the one
 * door to Micrometer, so a daemon without it loads none of it.
 */
public final class MonitoringServer {

    /** Camel's micrometer-prometheus looks this name up before making a registry of its own. */
    public static final String REGISTRY_BEAN = "metricsRegistry";
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringServer.class);

    private final HttpSettings http;
    private final PrometheusMeterRegistry registry = BackupMetrics.prometheus();
    private final BackupMetrics metrics;

    public MonitoringServer(HttpSettings http, Notifications notifications) {
        this.http = http;
        this.metrics = new BackupMetrics(registry, notifications.failures());
    }

    /** Camel Main's keys that turn the management server on with metrics and health. */
    public Map<String, String> camelProperties() {
        return http.camelProperties();
    }

    /** Bound as {@value #REGISTRY_BEAN} before Camel starts, so Camel's route metrics join it. */
    public Object registry() {
        return registry;
    }

    /** Told of every run report. */
    public void record(RunReport report) {
        metrics.record(report);
    }

    public BackupMetrics metrics() {
        return metrics;
    }

    /**
     * Once Camel runs, before any schedule or trigger can start a run: the metrics set from the vault, what a
     * restarted daemon knew before (a run reported meanwhile would be counted twice).
     */
    public String rebuild(Vault vault, CatalogQuery catalog, List<BackupPlan> plans,
                          Supplier<List<ResourceState>> states) {
        String read = new MetricsHistory(vault, catalog).rebuild(plans, metrics);
        try {
            states.get().forEach(metrics::state);
        } catch (RuntimeException e) {
            LOG.warn("Metrics: the resources' status could not be read at start-up: {}", e.getMessage());
        }
        return read;
    }

    /**
     * Once the schedules exist: Strata's health checks join Camel's own.
     *
     * @param scheduleRoutes the Quartz routes that must be started ({@code plan-<name>}, {@code archive-daily})
     */
    public void watch(CamelContext context, Vault vault, List<String> scheduleRoutes) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health == null) {
            throw new IllegalStateException("camel-health is not on the classpath: /observe/health would be empty");
        }
        health.register(new VaultHealthCheck(vault));
        if (!scheduleRoutes.isEmpty()) {
            health.register(new ScheduleHealthCheck(context, scheduleRoutes));
        }
    }

    /** Where it listens, for the start-up line. */
    public String describe() {
        return "http://" + http.host() + ":" + http.port() + "/observe/metrics and /observe/health";
    }
}
