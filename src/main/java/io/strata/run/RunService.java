package io.strata.run;

import io.strata.dynamodb.TableResolver;
import io.strata.plan.PlanCatalog;
import java.time.Clock;
import io.strata.vault.Vault;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of {@code direct:run-request}: plan to request, request to resources, outcomes to report. */
public final class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    private final PlanCatalog plans;
    private final TableResolver tables;
    private final Vault vault;
    private final Clock clock;

    public RunService(PlanCatalog plans, TableResolver tables, Vault vault, Clock clock) {
        this.plans = plans;
        this.tables = tables;
        this.vault = vault;
        this.clock = clock;
    }

    public BackupRequest forPlan(String plan) {
        return BackupRequest.of(BackupRequest.SCHEDULE, plan, plans.require(plan).resources(), clock.instant());
    }

    public List<ResourceRef> resolve(BackupRequest request) {
        List<ResourceRef> resources = tables.resolve(request);
        LOG.info("Run {}: {} resource(s) {}", request.runId(), resources.size(),
                resources.stream().map(ResourceRef::id).toList());
        return resources;
    }

    /** A run that could not finish its routes: every selector gets the failure, so the report still names each. */
    public RunReport reportFailure(BackupRequest request, Throwable error) {
        return report(request, request.selectors().stream()
                .map(selector -> ResourceOutcome.failed(selector.toString(), "run failed: " + error.getMessage()))
                .toList());
    }

    public ResourceOutcome failed(ResourceRef resource, Exception error) {
        return ResourceOutcome.failed(resource.id(), error.getMessage());
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
        return report;
    }
}
