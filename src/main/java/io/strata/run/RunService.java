package io.strata.run;

import io.strata.plan.PlanCatalog;
import io.strata.service.Failures;
import io.strata.service.ServiceRegistry;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.MDC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of {@code direct:run-request}: plan to request, request to resources, outcomes to report. */
public final class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final PlanCatalog plans;
    private final ServiceRegistry services;
    private final Vault vault;
    private final Clock clock;
    private final List<Consumer<RunReport>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<RecoveryPoint>> afterCommit = new CopyOnWriteArrayList<>();

    public RunService(PlanCatalog plans, ServiceRegistry services, Vault vault, Clock clock) {
        this.plans = plans;
        this.services = services;
        this.vault = vault;
        this.clock = clock;
    }

    /** Told of every report as it is made (the JMX last-run attributes). */
    public void onReport(Consumer<RunReport> listener) {
        listeners.add(listener);
    }

    /**
     * A step each committed recovery point goes through before its outcome is reported (the copy to a
     * plan's second vault): if it throws, the outcome fails with its message; the recovery point stays.
     */
    public void afterCommit(Consumer<RecoveryPoint> step) {
        afterCommit.add(step);
    }

    public BackupRequest forPlan(String plan) {
        return BackupRequest.of(BackupRequest.SCHEDULE, plan, plans.require(plan).resources(), clock.instant());
    }

    public List<ResourceRef> resolve(BackupRequest request) {
        List<ResourceRef> resources = services.resolve(request.selectors()).stream()
                .map(resource -> new ResourceRef(request.runId(), request.plan(), resource.service(), resource.id(),
                        resource.problem()))
                .toList();
        LOG.info("Run {}: {} resource(s) {}", request.runId(), resources.size(),
                resources.stream().map(ResourceRef::id).toList());
        return resources;
    }

    /**
     * The first step of every {@code backup-<service>} route: a resource whose selector matched nothing fails
     * here with its problem; the others get the run id and resource in the log's MDC until their outcome.
     * Returns when the backup started, for the outcome's duration.
     */
    public Instant begin(ResourceRef resource) {
        if (resource.problem() != null) {
            throw new IllegalArgumentException(resource.problem());
        }
        MDC.put("runId", resource.runId());
        MDC.put("resource", resource.id());
        return clock.instant();
    }

    /**
     * The step after a service's commit: the recovery point through each after-commit step (the copy to the
     * plan's second vault). If one throws, the outcome fails with its message; the recovery point stays.
     */
    public Committed copyToSecondVault(RecoveryPoint point) {
        try {
            afterCommit.forEach(step -> step.accept(point));
            return new Committed(point, null);
        } catch (RuntimeException e) {
            LOG.warn("{} is committed, but: {}", point.key(), e.getMessage(), e);
            return new Committed(point, "recovery point " + point.key() + " is committed in s3://" + vault.bucket()
                    + ", but " + e.getMessage());
        }
    }

    /** The last step of a {@code backup-<service>} route: the resource's outcome, what the backup made. */
    public ResourceOutcome outcome(ResourceRef resource, Instant started, Committed committed) {
        try {
            RecoveryPoint point = committed.point();
            return new ResourceOutcome(resource.id(), committed.problem() == null, point.key(), point.itemCount(),
                    point.bytes(), Duration.between(started, clock.instant()).toMillis() / 1000.0, committed.problem(),
                    made(resource, point));
        } finally {
            clearMdc();
        }
    }

    /** A committed recovery point and what went wrong after its commit (null: nothing). */
    public record Committed(RecoveryPoint point, String problem) {
    }

    private static void clearMdc() {
        MDC.remove("runId");
        MDC.remove("resource");
    }

    /** What the service says the backup made; its plain counts if it cannot say (the backup is committed all the same). */
    private String made(ResourceRef resource, RecoveryPoint point) {
        try {
            return services.get(resource.service()).made(point);
        } catch (RuntimeException e) {
            LOG.warn("{} is committed; what it made cannot be described: {}", point.key(), e.getMessage());
            return null;
        }
    }

    /** A run that could not finish its routes: every selector gets the failure, so the report still names each. */
    public RunReport reportFailure(BackupRequest request, Throwable error) {
        return report(request, request.selectors().stream()
                .map(selector -> ResourceOutcome.failed(selector.toString(), "run failed: " + Failures.describe(error)))
                .toList());
    }

    /**
     * A resource whose backup threw (the routes' error handler): its outcome carries the whole
     * cause, never a bare message that may be null: the step, AWS's code and message, the class.
     */
    public ResourceOutcome failed(ResourceRef resource, Exception error) {
        try {
            String cause = Failures.describe(error);
            LOG.warn("Backup of {} failed: {}", resource.id(), cause);
            LOG.debug("Backup of {} failed", resource.id(), error);
            return ResourceOutcome.failed(resource.id(), cause);
        } finally {
            clearMdc();
        }
    }

    /** Builds the run's report and keeps it in the vault, {@code <prefix>strata/runs/<time>-<runId>.json}. */
    public RunReport report(BackupRequest request, List<ResourceOutcome> outcomes) {
        RunReport report = new RunReport(request.runId(), request.trigger(), request.plan(), request.requestedAt(), clock.instant(), outcomes);
        String key = vault.prefix() + "strata/runs/" + STAMP.format(report.startedAt()) + "-" + report.runId() + ".json";
        try {
            vault.putJson(key, report);
        } catch (RuntimeException e) {
            LOG.warn("Run report not stored at s3://{}/{}: {}", vault.bucket(), key, e.getMessage());
        }
        for (Consumer<RunReport> listener : listeners) {
            try {
                listener.accept(report);
            } catch (RuntimeException e) {
                LOG.warn("Run {}: report listener failed: {}", report.runId(), e.getMessage());
            }
        }
        return report;
    }
}
