package io.strata.monitor;

import io.strata.plan.BackupPlan;
import io.strata.plan.CronText;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.retention.ArchivePolicies;
import io.strata.retention.ArchivePolicy;
import io.strata.service.Failures;
import io.strata.service.Resource;
import io.strata.service.ServiceRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code strata plans}: each plan as configured and as it would run now — its cron in words, its next fire times
 * in the schedule zone, retention and tiering, and what its selectors resolve to (a dry run of the resolve a run
 * starts with: nothing is backed up). A service that cannot be reached is that plan's problem, said per plan.
 */
public final class PlanOverview {

    /** How many fire times each plan shows. */
    static final int NEXT = 3;

    private final PlanCatalog plans;
    private final ArchivePolicies policies;
    private final ServiceRegistry services;
    private final Clock clock;

    public PlanOverview(PlanCatalog plans, ArchivePolicies policies, ServiceRegistry services, Clock clock) {
        this.plans = plans;
        this.policies = policies;
        this.services = services;
        this.clock = clock;
    }

    /**
     * One plan.
     *
     * @param zone      the schedule zone ({@code strata.schedule.time-zone}) the cron is read in
     * @param next      the next fire times, UTC instants
     * @param retention as the setting is written, or {@code none}
     * @param tiering   the steps as written, or {@code none}, with the mode
     * @param resources what the selectors resolve to now, as {@code service:id}
     * @param problems  selectors that match nothing or could not be resolved, with why
     */
    public record Plan(String name, String cron, String words, String zone, List<Instant> next, List<String> selectors,
                       String retention, String tiering, String tieringMode, List<String> resources,
                       List<String> problems) {

        public Plan {
            next = List.copyOf(next);
            selectors = List.copyOf(selectors);
            resources = List.copyOf(resources);
            problems = List.copyOf(problems);
        }
    }

    public List<Plan> plans() {
        Instant now = clock.instant();
        List<Plan> all = new ArrayList<>();
        for (BackupPlan plan : plans.plans()) {
            ArchivePolicy policy = policies.of(plan.name());
            List<String> resources = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            try {
                for (Resource resource : services.resolve(plan.resources())) {
                    if (resource.problem() != null) {
                        problems.add(resource.problem());
                    } else {
                        resources.add(resource.service() + ":" + resource.id());
                    }
                }
            } catch (RuntimeException e) { // unreachable, no credentials: this plan's answer, not the command's end
                problems.add("cannot resolve " + plan.resources().stream().map(ResourceSelector::toString).toList()
                        + ": " + Failures.message(e));
            }
            all.add(new Plan(plan.name(), plan.cron(), CronText.words(plan.cron()), plans.zone().zone().getId(),
                    CronText.next(plan.cron(), plans.zone(), now, NEXT),
                    plan.resources().stream().map(ResourceSelector::toString).toList(),
                    policy.retention().map(Object::toString).orElse("none"),
                    policy.tiering().isEmpty() ? "none" : policy.tiering().toString(),
                    policy.mode().name().toLowerCase(), resources, problems));
        }
        return all;
    }
}
