package io.strata;

import io.strata.archive.ArchivePolicies;
import io.strata.archive.ArchiveReport;
import io.strata.archive.ArchiveRetrieval;
import io.strata.archive.Archivist;
import io.strata.archive.GlacierRestore;
import io.strata.archive.GlacierRestoreSettings;
import io.strata.archive.VaultCopies;
import io.strata.camel.QuartzSchedules;
import io.strata.camel.ReadOnlyCamelJmx;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.management.JmxRegistration;
import io.strata.management.LastRuns;
import io.strata.management.ManagedTasks;
import io.strata.management.StrataManagement;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.Recoveries;
import io.strata.run.RunReport;
import io.strata.run.RunService;
import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.trigger.RequestExecutor;
import io.strata.trigger.RequestHandler;
import io.strata.trigger.RequestParser;
import io.strata.trigger.RequestSettings;
import io.strata.trigger.S3Notifications;
import io.strata.trigger.S3Requests;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Camel Main with Strata's routes ({@code routes/*.camel.yaml}) and beans: the thin adapter
 * between the CLI and the routes. Quartz triggers are created from the {@code plan-trigger}
 * template only in daemon mode, so one-shot commands never fire a schedule. While it runs,
 * {@code io.strata:type=Strata} offers runs, list, verify and restore over JMX.
 */
public final class StrataRuntime implements AutoCloseable, RequestExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(StrataRuntime.class);

    private final Main main = new Main();
    private final RunService runs;
    private final ServiceRegistry services;
    private final LastRuns lastRuns = new LastRuns();
    private final ManagedTasks jmxTasks = new ManagedTasks(2);
    private final StrataManagement management;
    private JmxRegistration jmx;
    private InboxTrigger inboxTrigger;
    private final PlanCatalog plans;
    private final Vault vault;
    private final Clock clock;
    private ProducerTemplate producer;

    public StrataRuntime(Path home, StrataSettings settings, PlanCatalog plans, AwsClients clients, Vault vault,
                         Clock clock) {
        this(home, settings, plans, clients, vault, clock, new StopSignal());
    }

    public StrataRuntime(Path home, StrataSettings settings, PlanCatalog plans, AwsClients clients, Vault vault,
                         Clock clock, StopSignal stop) {
        this(home, settings, plans, clients::s3, Services.registry(clients, vault, settings, clock, stop), vault, clock,
                stop);
    }

    public StrataRuntime(Path home, StrataSettings settings, PlanCatalog plans, ServiceRegistry services, Vault vault,
                         Clock clock) {
        this(home, settings, plans, services, vault, clock, new StopSignal());
    }

    /**
     * Second vaults (copy-to-vault) are reached through the vault's own client, in its region; {@code stop}
     * (SIGTERM) ends a wait for archived objects being restored, and an archive pass between recovery points.
     */
    public StrataRuntime(Path home, StrataSettings settings, PlanCatalog plans, ServiceRegistry services, Vault vault,
                         Clock clock, StopSignal stop) {
        this(home, settings, plans, region -> vault.s3(), services, vault, clock, stop);
    }

    /**
     * @param regionalS3 S3 clients per region, for plans' second vaults ({@code AwsClients::s3})
     * @param stop       set on SIGTERM: an archive pass stops between recovery points
     */
    public StrataRuntime(Path home, StrataSettings settings, PlanCatalog plans, Function<Region, S3Client> regionalS3,
                         ServiceRegistry services, Vault vault, Clock clock, StopSignal stop) {
        ArchivePolicies policies = ArchivePolicies.from(settings.properties(), plans);
        VaultCopies copies = new VaultCopies(policies, vault, regionalS3, settings.vault().createBucket(), stop::requested);
        main.bind("archivist", new Archivist(plans, policies, services, vault, clock, stop, copies));
        runs = new RunService(plans, services, vault, clock);
        runs.afterCommit(copies::copyCommitted);
        runs.onReport(lastRuns);
        main.bind("runs", runs);
        main.bind("recoveries", new Recoveries(services, vault,
                new GlacierRestore(GlacierRestoreSettings.from(settings.properties()), clock, stop)));
        this.services = services;
        management = new StrataManagement(this::run, this::verify,
                order -> restore(order.source(), order.request(), order.retrieval()), plans, Services.selectors()::parse,
                services, vault, clock, lastRuns, jmxTasks);
        this.plans = plans;
        this.vault = vault;
        this.clock = clock;
        Services.routeBeans(services).forEach(main::bind);
        main.setInitialProperties(settings.properties());
        main.configure().withName("strata")
                .withRoutesIncludePattern("file:" + home.resolve("routes").toAbsolutePath() + "/*.camel.yaml")
                .withUseMdcLogging(true);
        // A DynamoDbClient in the registry would silently win over endpoint overrides.
        main.configure().setAutowiredEnabled(false);
        // Any local user may reach JMX: routes and a read-only context only, never sendBody to any endpoint.
        ReadOnlyCamelJmx.installOn(main);
    }

    public StrataRuntime start() throws Exception {
        main.start();
        producer = context().createProducerTemplate();
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
            schedules().schedulePlan(plan);
        }
    }

    /** The daily archive pass at {@code strata.archive.cron} (default 03:00 in the schedule's zone), daemon only. */
    public void scheduleArchive(String cron) throws Exception {
        schedules().scheduleArchive(cron);
    }

    /** The daemon's Quartz triggers, in {@code strata.schedule.time-zone}. */
    public QuartzSchedules schedules() {
        return new QuartzSchedules(context(), plans.zone());
    }

    /** One archive pass through {@code direct:archive}: a report per plan. */
    @SuppressWarnings("unchecked")
    public List<ArchiveReport> archive(Archivist.ArchiveOrder order) {
        return call("direct:archive", order, List.class);
    }

    /**
     * Runs one request through {@code direct:run-request} and returns its report; if the route
     * itself breaks, the report still names every selector as failed (and is stored).
     */
    public RunReport run(BackupRequest request) {
        try {
            return producer.requestBody("direct:run-request", request, RunReport.class);
        } catch (RuntimeException e) {
            LOG.error("Run {} failed outside its resources", request.runId(), e);
            return runs.reportFailure(request, e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public RunReport backup(BackupRequest request) {
        return run(request);
    }

    /** A restore through {@code direct:restore-request}; its failure is thrown as the service threw it. */
    public String restore(String source, RestoreRequest request) {
        return restore(source, request, Optional.empty());
    }

    /** The same, restoring archived objects first as {@code retrieval} says (empty: fails naming the command to run). */
    @Override
    public String restore(String source, RestoreRequest request, Optional<ArchiveRetrieval> retrieval) {
        return call("direct:restore-request", new Recoveries.RestoreOrder(source, request, retrieval), String.class);
    }

    /** A verification through {@code direct:verify-request}. */
    public VerificationReport verify(String recoveryPoint) {
        return verify(recoveryPoint, Optional.empty());
    }

    @Override
    public VerificationReport verify(String recoveryPoint, Optional<ArchiveRetrieval> retrieval) {
        return call("direct:verify-request", new Recoveries.VerifyOrder(recoveryPoint, retrieval), VerificationReport.class);
    }

    private <T> T call(String uri, Object body, Class<T> type) {
        try {
            return producer.requestBody(uri, body, type);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }

    /**
     * The request triggers that are configured (none when no key is set): the S3 prefix
     * ({@code strata.requests.bucket}) and the inbox folder ({@code strata.inbox}), as routes
     * {@code requests-s3} and {@code requests-inbox}, sharing one idempotent repository file in
     * {@code strata.requests.state-dir}. A request whose work fails while {@code stopping} is left where it is
     * (it runs again at the next start). Returns the ids of the routes started.
     */
    public List<String> startRequestTriggers(RequestSettings settings, AwsClients clients,
                                             java.util.function.BooleanSupplier stopping) throws Exception {
        if (settings.bucket().isEmpty() && settings.inbox().isEmpty()) {
            return List.of();
        }
        RequestHandler handler = new RequestHandler(new RequestParser(plans, Services.selectors()::parse, services.restoreOptions()), services,
                this, clock, stopping);
        bindIdempotentRepository(settings.stateDir());
        List<String> started = new java.util.ArrayList<>();
        String delay = String.valueOf(settings.pollInterval().toMillis());
        if (settings.inbox().isPresent()) {
            inboxTrigger = InboxTrigger.start(context(), settings.inbox().get().toAbsolutePath().normalize(), handler,
                    delay);
            started.add("requests-inbox");
        }
        if (settings.bucket().isPresent()) {
            String bucket = settings.bucket().get();
            context().getRegistry().bind("requestsS3", clients.s3());
            S3Requests s3Requests = new S3Requests(clients.s3(), bucket, settings, handler);
            context().getRegistry().bind("s3Requests", s3Requests);
            started.add(context().addRouteFromTemplate("requests-s3", "s3-request-trigger",
                    Map.of("bucket", bucket, "prefix", settings.prefix(), "delay", delay)));
            LOG.info("Request prefix s3://{}/{}: results in {}results/", bucket, settings.prefix(), settings.parent());
            if (settings.sqsQueueUrl().isPresent()) {
                String url = settings.sqsQueueUrl().get();
                context().getRegistry().bind("requestsSqs", clients.sqs());
                context().getRegistry().bind("s3Notifications", new S3Notifications(bucket, s3Requests));
                started.add(context().addRouteFromTemplate("requests-sqs", "sqs-request-trigger",
                        Map.of("queue", url.substring(url.lastIndexOf('/') + 1), "queueUrl", url)));
                LOG.info("S3 notifications of s3://{}/{} from {}", bucket, settings.prefix(), url);
            }
        } else if (settings.sqsQueueUrl().isPresent()) {
            throw new io.strata.config.SettingsException("strata.requests.sqs-queue-url needs strata.requests.bucket: "
                    + "the notifications name objects of that bucket");
        }
        return started;
    }

    private void bindIdempotentRepository(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create strata.requests.state-dir " + stateDir, e);
        }
        // An LRU cache of the last 100,000 requests, kept in the file across restarts.
        context().getRegistry().bind("requestIds", FileIdempotentRepository.fileIdempotentRepository(
                stateDir.resolve("requests.idempotent").toFile(), 100_000));
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
        if (inboxTrigger != null) {
            inboxTrigger.close();
        }
    }
}
