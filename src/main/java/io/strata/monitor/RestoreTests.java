package io.strata.monitor;

import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.service.BackupService;
import io.strata.service.Failures;
import io.strata.service.RestoreTest;
import io.strata.service.RestoreTestResult;
import io.strata.service.ServiceRegistry;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore-test pass ({@code routes/restore-test.camel.yaml}): scratch resources earlier tests left are
 * deleted, then every resource of a plan with {@code restore-test} whose recovery points have no passed
 * test within the plan's period gets its newest point tested, one at a time, each result recorded beside
 * its point as a verification record of kind {@code restore-test}. A test that fails is retried at the next pass.
 */
public final class RestoreTests {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreTests.class);

    private final PlanCatalog plans;
    private final RestoreTestPlans settings;
    private final ServiceRegistry services;
    private final Vault vault;
    private final Verifications records;
    private final Clock clock;
    private final List<Consumer<RestoreTestOutcome>> listeners = new CopyOnWriteArrayList<>();

    public RestoreTests(PlanCatalog plans, RestoreTestPlans settings, ServiceRegistry services, Vault vault,
                        Verifications records, Clock clock) {
        this.plans = plans;
        this.settings = settings;
        this.services = services;
        this.vault = vault;
        this.records = records;
        this.clock = clock;
    }

    /** Told of every test's outcome once it is recorded (the notifications). */
    public void onOutcome(Consumer<RestoreTestOutcome> listener) {
        listeners.add(listener);
    }

    /**
     * The pass's first step: leftovers of the services the testing plans name deleted, then the tests
     * that are due, one per resource (a resource of two plans is tested for the one that asks more often).
     */
    public List<RestoreTestTask> due() {
        Instant now = clock.instant();
        List<BackupPlan> testing = plans.plans().stream().filter(p -> settings.period(p.name()).isPresent())
                .sorted(Comparator.comparing((BackupPlan p) -> settings.period(p.name()).get())).toList();
        deleteLeftovers(testing);
        Map<String, RestoreTestTask> due = new LinkedHashMap<>();
        for (BackupPlan plan : testing) {
            Duration period = settings.period(plan.name()).get();
            Map<String, List<RecoveryPoint>> byResource = services.catalog().find(vault, plan.resources(), p -> true)
                    .points().stream().collect(Collectors.groupingBy(RecoveryPoint::resource, LinkedHashMap::new,
                            Collectors.toList()));
            byResource.forEach((resource, points) -> {
                if (due.containsKey(resource)) {
                    return;
                }
                points.sort(Comparator.comparing(RecoveryPoint::finishedAt).reversed());
                RecoveryPoint newest = points.get(0);
                if (runs(plan, newest) && !passedWithin(points, now.minus(period))) {
                    due.put(resource, new RestoreTestTask(plan.name(), newest, now));
                }
            });
        }
        LOG.info("Restore tests due: {}", due.isEmpty() ? "none" : due.keySet());
        return List.copyOf(due.values());
    }

    /** Whether the point's service has a test, and the plan opted in where the service asks for it. */
    private boolean runs(BackupPlan plan, RecoveryPoint point) {
        Optional<RestoreTest> test = services.of(point).restoreTest();
        if (test.isEmpty()) {
            return false;
        }
        return test.get().optIn().map(optIn -> settings.optedIn(plan.name(), optIn)).orElse(true);
    }

    /**
     * Whether a test passed since {@code since}. A test always takes the newest point of its time, so only the
     * points made since then and the newest one before can hold such a record: the older ones are not read.
     */
    private boolean passedWithin(List<RecoveryPoint> newestFirst, Instant since) {
        for (RecoveryPoint point : newestFirst) {
            Optional<Instant> passed = records.newest(point.key(), Verification.RESTORE_TEST).filter(Verification::ok)
                    .map(Verification::finishedAt);
            if (passed.isPresent() && !passed.get().isBefore(since)) {
                return true;
            }
            if (point.finishedAt().isBefore(since)) {
                return false;
            }
        }
        return false;
    }

    private void deleteLeftovers(List<BackupPlan> testing) {
        Set<String> named = new TreeSet<>();
        testing.forEach(plan -> plan.resources().stream().map(ResourceSelector::service).forEach(named::add));
        for (String name : named) {
            BackupService service = services.get(name);
            service.restoreTest().ifPresent(test -> {
                try {
                    List<String> deleted = test.deleteLeftovers();
                    if (!deleted.isEmpty()) {
                        LOG.warn("Deleted what restore tests that never ended left: {}", deleted);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Leftovers of {} restore tests not looked for: {}", name, Failures.reason(e));
                }
            });
        }
    }

    /** A service's whole test in one call (services whose steps the route does not show). */
    public RestoreTestResult run(RestoreTestTask task) {
        try {
            return services.of(task.point()).restoreTest().orElseThrow().run(vault, task.point(), task.startedAt());
        } catch (RuntimeException e) {
            return RestoreTestResult.failed(List.of(), Failures.reason(e));
        }
    }

    /** The verification record of kind {@code restore-test}: FAILED with the reason, or OK with what was checked. */
    private static Verification record(RestoreTestOutcome outcome) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plan", outcome.plan());
        details.put("resource", outcome.resource());
        details.put("scratch", outcome.result().scratch());
        details.put("checked", outcome.result().checked());
        return outcome.result().passed()
                ? Verification.passed(Verification.RESTORE_TEST, outcome.recoveryPoint(), outcome.startedAt(),
                        outcome.finishedAt(), details)
                : Verification.failed(Verification.RESTORE_TEST, outcome.recoveryPoint(), outcome.startedAt(),
                        outcome.finishedAt(), ResourceStatus.FAILED, outcome.result().reason(), details);
    }

    /** The pass's last step per test: the result recorded beside its recovery point. */
    public RestoreTestOutcome record(RestoreTestTask task, RestoreTestResult result) {
        RestoreTestOutcome outcome = new RestoreTestOutcome(task.plan(), task.point().resource(), task.point().key(),
                task.startedAt(), clock.instant(), result);
        try {
            records.write(record(outcome));
        } catch (RuntimeException e) {
            LOG.error("Restore test of {} not recorded: {}", task.point().key(), Failures.reason(e));
        }
        if (result.passed()) {
            LOG.info("Restore test {}", outcome.line());
        } else {
            LOG.warn("Restore test {}", outcome.line());
        }
        for (Consumer<RestoreTestOutcome> listener : listeners) {
            try {
                listener.accept(outcome);
            } catch (RuntimeException e) {
                // What is told of a test never fails the pass: the next tests still run.
                LOG.warn("Restore test of {} not reported: {}", task.point().key(), Failures.reason(e));
            }
        }
        return outcome;
    }
}
