package io.strata;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.management.JmxRegistration;
import io.strata.management.LastRuns;
import io.strata.management.ManagedTasks;
import io.strata.management.StrataManagement;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.run.RunService;
import io.strata.run.StopSignal;
import io.strata.service.ServiceRegistry;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel Main with Strata's routes ({@code routes/*.camel.yaml}) and beans: the thin adapter
 * between the CLI and the routes. Quartz triggers are created from the {@code plan-trigger}
 * template only in daemon mode, so one-shot commands never fire a schedule. While it runs,
 * {@code io.strata:type=Strata} offers runs, list, verify and restore over JMX.
 */
public final class StrataRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StrataRuntime.class);

    private final Main main = new Main();
    private final RunService runs;
    private final ServiceRegistry services;
    private final LastRuns lastRuns = new LastRuns();
    private final ManagedTasks jmxTasks = new ManagedTasks(2);
    private final StrataManagement management;
    private JmxRegistration jmx;

    public StrataRuntime(Path home, StrataSettings settings, PlanCatalog plans, AwsClients clients, Vault vault,
                         Clock clock) {
        this(home, settings, plans, clients, vault, clock, new StopSignal());
    }

    public StrataRuntime(Path home, StrataSettings settings, PlanCatalog plans, AwsClients clients, Vault vault,
                         Clock clock, StopSignal stop) {
        this(home, settings, plans, Services.registry(clients, vault, settings, clock, stop), vault, clock);
    }

    public StrataRuntime(Path home, StrataSettings settings, PlanCatalog plans, ServiceRegistry services, Vault vault,
                         Clock clock) {
        runs = new RunService(plans, services, vault, clock);
        runs.onReport(lastRuns);
        main.bind("runs", runs);
        this.services = services;
        management = new StrataManagement(this::run, plans, Services.selectors()::parse, services, vault, clock,
                lastRuns, jmxTasks);
        Services.routeBeans(services).forEach(main::bind);
        main.setInitialProperties(settings.properties());
        main.configure().withName("strata")
                .withRoutesIncludePattern("file:" + home.resolve("routes").toAbsolutePath() + "/*.camel.yaml")
                .withUseMdcLogging(true);
        // A DynamoDbClient in the registry would silently win over endpoint overrides.
        main.configure().setAutowiredEnabled(false);
    }

    public StrataRuntime start() throws Exception {
        main.start();
        Services.routesStarted(services, context());
        jmx = JmxRegistration.register(management);
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** One Quartz trigger route per chosen plan, none for the others; the daemon then runs until stopped. */
    public void schedulePlans(List<BackupPlan> chosen) throws Exception {
        for (BackupPlan plan : chosen) {
            context().addRouteFromTemplate("plan-" + plan.name(), "plan-trigger",
                    Map.of("plan", plan.name(), "cron", plan.cronForUri()));
            LOG.info("Plan {} scheduled: cron '{}', resources {}", plan.name(), plan.cron(), plan.resources());
        }
    }

    /**
     * Runs one request through {@code direct:run-request} and returns its report; if the route
     * itself breaks, the report still names every selector as failed (and is stored).
     */
    public RunReport run(BackupRequest request) {
        try {
            return context().createProducerTemplate().requestBody("direct:run-request", request, RunReport.class);
        } catch (RuntimeException e) {
            LOG.error("Run {} failed outside its resources", request.runId(), e);
            return runs.reportFailure(request, e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public void close() {
        if (jmx != null) {
            jmx.close();
        }
        jmxTasks.close();
        Services.routesStopping(services);
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Camel did not stop cleanly: {}", e.getMessage());
        }
    }
}
