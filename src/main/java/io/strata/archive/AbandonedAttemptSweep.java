package io.strata.archive;

import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.service.BackupService;
import io.strata.service.Failures;
import io.strata.service.ServiceRegistry;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive pass's share of cleaning up after attempts that never committed: each service that a
 * plan backs up deletes the snapshots, copies and images of its abandoned attempts (lease lapsed, no
 * descriptor), also of resources no backup runs for any more. A service no plan names is not asked,
 * so an installation that backs up only DynamoDB makes no EC2 or RDS call. Never fails the pass.
 */
final class AbandonedAttemptSweep {

    private static final Logger LOG = LoggerFactory.getLogger(AbandonedAttemptSweep.class);

    private final PlanCatalog plans;
    private final ServiceRegistry services;

    AbandonedAttemptSweep(PlanCatalog plans, ServiceRegistry services) {
        this.plans = plans;
        this.services = services;
    }

    void run() {
        Set<String> named = new TreeSet<>();
        for (BackupPlan plan : plans.plans()) {
            plan.resources().stream().map(ResourceSelector::service).forEach(named::add);
        }
        for (BackupService service : services.all()) {
            if (!named.contains(service.name())) {
                continue;
            }
            try {
                int swept = service.sweepAbandonedAttempts();
                if (swept > 0) {
                    LOG.info("Swept {} abandoned {} backup attempt(s)", swept, service.name());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not sweep abandoned {} backup attempts ({}); the next pass tries again", service.name(),
                        Failures.reason(e));
            }
        }
    }
}
