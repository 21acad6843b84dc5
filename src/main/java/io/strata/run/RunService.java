package io.strata.run;

import io.strata.dynamodb.TableResolver;
import io.strata.plan.PlanCatalog;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps of {@code direct:run-request}: plan to request, request to resources, outcomes to report. */
public final class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    private final PlanCatalog plans;
    private final TableResolver tables;
    private final Clock clock;

    public RunService(PlanCatalog plans, TableResolver tables, Clock clock) {
        this.plans = plans;
        this.tables = tables;
        this.clock = clock;
    }

    public BackupRequest forPlan(String plan) {
        return BackupRequest.of(plan, plans.require(plan).resources(), clock.instant());
    }

    public List<ResourceRef> resolve(BackupRequest request) {
        List<ResourceRef> resources = tables.resolve(request);
        LOG.info("Run {}: {} resource(s) {}", request.runId(), resources.size(),
                resources.stream().map(ResourceRef::id).toList());
        return resources;
    }

    public ResourceOutcome failed(ResourceRef resource, Exception error) {
        return ResourceOutcome.failed(resource.id(), error.getMessage());
    }

    public RunReport report(BackupRequest request, List<ResourceOutcome> outcomes) {
        return new RunReport(request.runId(), request.plan(), request.requestedAt(), clock.instant(), outcomes);
    }
}
