package io.strata.app;

import io.strata.archive.ArchiveReport;
import io.strata.archive.Archivist;
import io.strata.camel.QuartzSchedules;
import io.strata.camel.ReadOnlyCamelJmx;
import io.strata.cluster.ClusterDatabase;
import io.strata.cluster.ClusterSettings;
import io.strata.cluster.ClusteredQuartz;
import io.strata.cluster.RequestClaims;
import io.strata.config.AwsClients;
import io.strata.hold.HoldOrder;
import io.strata.hold.HoldOutcome;
import io.strata.management.JmxAgent;
import io.strata.monitor.HttpSettings;
import io.strata.monitor.Inventory;
import io.strata.monitor.MonitoringServer;
import io.strata.monitor.Notifications;
import io.strata.monitor.NotifySettings;
import io.strata.monitor.RestoreTestOutcome;
import io.strata.monitor.StatusReader;
import io.strata.monitor.Verifications;
import io.strata.plan.BackupPlan;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.service.RestoreRequest;
import io.strata.thaw.ThawRetrieval;
import io.strata.trigger.RequestExecutor;
import io.strata.trigger.RequestHandler;
import io.strata.trigger.RequestParser;
import io.strata.trigger.RequestSettings;
import io.strata.trigger.RequestTriggers;
import io.strata.vault.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel Main with Strata's routes ({@code routes/*.camel.yaml}) and the beans {@link RouteBeans} binds,
 * for the commands that route. Quartz triggers are created from the {@code plan-trigger} template only
 * in daemon mode, so one-shot commands never fire a schedule. While it runs, {@code io.strata:type=Strata}
 * offers runs, list, verify and restore over JMX ({@link JmxAgent}).
 */
public final class StrataRuntime implements AutoCloseable, RequestExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(StrataRuntime.class);

    private final Main main = new Main();
    private final Composition composition;
    private final RouteBeans beans;
    private final JmxAgent jmx;
    private final Notifications notifications;
    /** The daemon's metrics and health ({@link #serveMonitoring}); null without {@code strata.http.port}. */
    private MonitoringServer monitoring;
    private final List<String> scheduleRoutes = new ArrayList<>();
    private RouteCalls calls;
    private RequestTriggers triggers;
    private ClusterDatabase cluster;
    private boolean quartzChosen;

    StrataRuntime(Composition composition) {
        this.composition = composition;
        beans = new RouteBeans(composition);
        jmx = new JmxAgent(this::run, this::verify, order -> restore(order.source(), order.request(), order.retrieval()),
                this, composition.plans(), Services.selectors()::parse,
                composition.services(), composition.vault(), composition.clock());
        beans.runs().onReport(jmx.lastRuns());
        // The SNS client is asked for at the first message to a topic: without strata.notify.* nothing is built.
        notifications = Notifications.of(NotifySettings.from(composition.settings().properties()),
                () -> composition.clients().sns());
        beans.runs().onReport(notifications::runFinished);
        beans.verifyPass().onReport(notifications::verified);
        beans.restoreTests().onOutcome(notifications::restoreTested);
        main.configure().addConfiguration(beans);
        // A copy: the monitoring's Camel keys (serveMonitoring) are this runtime's, not the composition's.
        Properties initial = new Properties();
        initial.putAll(composition.settings().properties());
        main.setInitialProperties(initial);
        String routes = "file:" + composition.home().resolve("routes").toAbsolutePath() + "/";
        // Without a plan that restore-tests none is ever due: their routes are not parsed, built nor put in JMX.
        main.configure().withName("strata").withRoutesIncludePattern(routes + "*.camel.yaml").withUseMdcLogging(true)
                .withRoutesExcludePattern(composition.restoreTestPlans().any() ? null : routes + "restore-test.camel.yaml");
        // A DynamoDbClient in the registry would silently win over endpoint overrides.
        main.configure().setAutowiredEnabled(false);
        // Any local user may reach JMX: routes and a read-only context only, never sendBody to any endpoint.
        ReadOnlyCamelJmx.installOn(main);
    }

    /**
     * Starts Camel, then waits for the vault's checks if they ran meanwhile ({@link Composition#openWhileStarting}):
     * nothing runs, no trigger fires and JMX offers nothing before they passed; when they fail, Camel stops again.
     */
    public StrataRuntime start() throws Exception {
        main.start();
        try {
            composition.awaitVaultChecked();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        if (monitoring != null) {
            monitoring.rebuild(composition.vault(), composition.services().catalog(), composition.plans().plans(),
                    () -> new StatusReader(new Inventory(composition.plans(), composition.services(), composition.vault()),
                            new Verifications(composition.vault()), composition.settings().properties(),
                            composition.clock()).states(null));
        }
        calls = new RouteCalls(context().createProducerTemplate(), beans.runs());
        RouteBeans.routesStarted(composition.services(), context());
        jmx.register();
        return this;
    }

    /**
     * The daemon's {@code /observe/metrics} and {@code /observe/health} on {@code strata.http.port}, before
     * {@link #start()}; nothing (no HTTP server, no Micrometer loaded) when the port is unset. One-shot commands
     * never serve them: they would take the port of a daemon running beside them.
     */
    public StrataRuntime serveMonitoring() {
        HttpSettings.from(composition.settings().properties()).ifPresent(http -> {
            monitoring = new MonitoringServer(http, notifications);
            monitoring.camelProperties().forEach(main::addInitialProperty);
            main.bind(MonitoringServer.REGISTRY_BEAN, monitoring.registry());
            beans.runs().onReport(monitoring::record);
            beans.verifyPass().onReport(report -> report.states().forEach(monitoring.metrics()::state));
        });
        return this;
    }

    /** Where {@link #serveMonitoring} listens; empty when it does not. */
    public Optional<String> monitoringAddress() {
        // Not a method reference: resolving one would load MonitoringServer, and Micrometer with it, in every daemon.
        return monitoring == null ? Optional.empty() : Optional.of(monitoring.describe());
    }

    /** Every run's, verification's and restore test's messages ({@code strata.notify.*}). */
    public Notifications notifications() {
        return notifications;
    }

    /** The daemon's metrics, for the verify route and restore tests to set their gauges; empty without a port. */
    public Optional<MonitoringServer> monitoring() {
        return Optional.ofNullable(monitoring);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** One Quartz trigger route per chosen plan, none for the others; the daemon then runs until stopped. */
    public void schedulePlans(List<BackupPlan> chosen) throws Exception {
        chooseQuartz();
        for (BackupPlan plan : chosen) {
            schedules().schedulePlan(plan);
            scheduleRoutes.add("plan-" + plan.name());
        }
    }

    /** The daily archive pass at {@code strata.archive.cron} (default 03:00 in the schedule's zone), daemon only. */
    public void scheduleArchive(String cron) throws Exception {
        chooseQuartz();
        schedules().scheduleArchive(cron);
        scheduleRoutes.add("archive-daily");
    }

    public void scheduleVerify(String cron) throws Exception {
        chooseQuartz();
        schedules().scheduleVerify(cron, composition.restoreTestPlans().any());
    }

    /**
     * Lets the schedules fire. In memory they already do; in a cluster this node takes triggers only now that all
     * its schedule routes exist: a trigger due in the cluster would otherwise fire here before its route exists, and
     * be lost. On a stop signal this node first takes no more firings (others do), then its runs are told to stop.
     */
    public void startSchedules() throws Exception {
        if (cluster != null && quartzChosen) {
            ClusteredQuartz.start(context());
        }
        composition.stop().beforeStop(() -> QuartzSchedules.standby(context()));
        if (monitoring != null) {
            monitoring.watch(context(), composition.vault(), scheduleRoutes);
        }
    }

    /** Once, before the first schedule route: Quartz on the cluster's database when one is configured. */
    private void chooseQuartz() {
        if (quartzChosen) {
            return;
        }
        quartzChosen = true;
        ClusterSettings.from(composition.settings().properties()).ifPresent(settings ->
                beans.firings().useCluster(ClusteredQuartz.install(context(), clusterDatabase(settings))));
    }

    private ClusterDatabase clusterDatabase(ClusterSettings settings) {
        cluster = cluster == null ? ClusterDatabase.open(settings) : cluster;
        return cluster;
    }

    /** The daemon's Quartz triggers, in {@code strata.schedule.time-zone}. */
    public QuartzSchedules schedules() {
        return new QuartzSchedules(context(), composition.plans().zone());
    }

    /**
     * The request triggers that are configured (none when no key is set), see {@link RequestTriggers}; with replicas
     * they share claims in the cluster's database (opened only if a trigger is configured). A request whose work
     * fails while {@code stopping} is left where it is (it runs again at the next start). Returns the route ids.
     */
    public List<String> startRequestTriggers(RequestSettings settings, AwsClients clients, BooleanSupplier stopping)
            throws Exception {
        RequestHandler handler = new RequestHandler(new RequestParser(composition.plans(), Services.selectors()::parse,
                composition.services().restoreOptions()), composition.services(), this, composition.clock(), stopping);
        triggers = RequestTriggers.start(context(), settings, handler, clients::s3, clients::sqs,
                RequestClaims.ifClustered(composition.settings().properties(), this::clusterDatabase));
        return triggers.routes();
    }

    /** One restore-test pass through {@code direct:restore-test}: the tests that were due (none without a plan's). */
    public List<RestoreTestOutcome> restoreTests() {
        return composition.restoreTestPlans().any() ? calls.restoreTests() : List.of();
    }

    /** One archive pass through {@code direct:archive}: a report per plan. */
    public List<ArchiveReport> archive(Archivist.ArchiveOrder order) {
        return calls.archive(order);
    }

    /**
     * Runs one request through {@code direct:run-request} and returns its report; if the route
     * itself breaks, the report still names every selector as failed (and is stored).
     */
    public RunReport run(BackupRequest request) {
        return calls.run(request);
    }

    @Override
    public RunReport backup(BackupRequest request) {
        return calls.backup(request);
    }

    /** A restore through {@code direct:restore-request}; its failure is thrown as the service threw it. */
    public String restore(String source, RestoreRequest request) {
        return restore(source, request, Optional.empty());
    }

    /** The same, restoring archived objects first as {@code retrieval} says (empty: fails naming the command to run). */
    @Override
    public String restore(String source, RestoreRequest request, Optional<ThawRetrieval> retrieval) {
        return calls.restore(source, request, retrieval);
    }

    /** A verification through {@code direct:verify-request}. */
    public VerificationReport verify(String recoveryPoint) {
        return verify(recoveryPoint, Optional.empty());
    }

    @Override
    public VerificationReport verify(String recoveryPoint, Optional<ThawRetrieval> retrieval) {
        return calls.verify(recoveryPoint, retrieval);
    }

    /** A legal hold through {@code direct:hold-request}. */
    @Override
    public HoldOutcome hold(HoldOrder order) {
        return calls.hold(order);
    }

    /** The end of a point's legal holds through {@code direct:release-request}. */
    @Override
    public HoldOutcome release(HoldOrder order) {
        return calls.release(order);
    }

    @Override
    public void close() {
        jmx.close();
        RouteBeans.routesStopping(composition.services());
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Camel did not stop cleanly: {}", e.getMessage());
        }
        if (triggers != null) {
            triggers.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
