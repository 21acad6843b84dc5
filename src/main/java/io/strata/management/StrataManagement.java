package io.strata.management;

import io.strata.hold.HoldOrder;
import io.strata.hold.HoldRequests;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.run.BackupRequest;
import io.strata.run.Recoveries;
import io.strata.run.Recoveries.RestoreOrder;
import io.strata.run.RunReport;
import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.vault.RecoveryPointAddress;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import io.strata.text.Printable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link StrataMBean} operations over the run function, plans, services and vault; no Camel
 * here, runs go through whatever {@code runner} the runtime gives (its {@code direct:run-request}).
 * Errors reach a remote client as plain JDK exceptions carrying only a message: a Strata exception
 * class (or an AWS SDK cause) would fail to unmarshal in jconsole.
 */
public final class StrataManagement implements StrataMBean {

    /** How a hold placed over JMX names where it came from (a remote JMX user is not known here). */
    private static final String ORIGIN = "jmx";

    private final Function<BackupRequest, RunReport> runner;
    /** The {@code direct:verify-request} and {@code direct:restore-request} routes: as the CLI and request files. */
    private final Function<String, VerificationReport> verifier;
    private final Function<RestoreOrder, String> restorer;
    private final RestoreOptionsText restoreOptions;
    private final PlanCatalog plans;
    private final Function<String, ResourceSelector> selectors;
    private final ServiceRegistry services;
    private final Vault vault;
    private final Clock clock;
    private final LastRuns lastRuns;
    private final ManagedTasks tasks;
    private HoldRequests holds;

    public StrataManagement(Function<BackupRequest, RunReport> runner, Function<String, VerificationReport> verifier,
                            Function<RestoreOrder, String> restorer, PlanCatalog plans,
                            Function<String, ResourceSelector> selectors, ServiceRegistry services, Vault vault,
                            Clock clock, LastRuns lastRuns, ManagedTasks tasks) {
        this.runner = runner;
        this.verifier = verifier;
        this.restorer = restorer;
        this.restoreOptions = new RestoreOptionsText(services.restoreOptions());
        this.plans = plans;
        this.selectors = selectors;
        this.services = services;
        this.vault = vault;
        this.clock = clock;
        this.lastRuns = lastRuns;
        this.tasks = tasks;
    }

    @Override
    public String runPlan(String plan) {
        BackupPlan chosen = checked(() -> plans.require(blankIsNull(plan, "a plan name")));
        return start(BackupRequest.of(BackupRequest.JMX, chosen.name(), chosen.resources(), clock.instant()));
    }

    @Override
    public String backup(String selectorList) {
        List<ResourceSelector> parsed = checked(() -> split(blankIsNull(selectorList, "one or more selectors"))
                .stream().map(selectors).toList());
        return start(BackupRequest.of(BackupRequest.JMX, null, parsed, clock.instant()));
    }

    @Override
    public String listRecoveryPoints(String selector) {
        return checked(() -> {
            ResourceSelector parsed = selector == null || selector.isBlank() ? null : selectors.apply(selector);
            return RecoveryPointText.listing(services.catalog().find(vault, parsed));
        });
    }

    @Override
    public String verify(String recoveryPoint) {
        locate(recoveryPoint); // an unknown recovery point fails the call itself, not a task
        return tasks.submit(taskId(), "verify " + recoveryPoint, () -> {
            VerificationReport report = verifier.apply(recoveryPoint);
            return new ManagedTasks.Result(report.ok(), RecoveryPointText.verification(report));
        });
    }

    @Override
    public String restore(String recoveryPoint, String target) {
        String into = checked(() -> blankIsNull(target, "a target (the table, DB instance or cluster to create)"));
        checked(() -> {
            // The name rule of the service that will restore, as the CLI's --to and a request's "target" are checked.
            services.selectors().checkTarget(recoveryPoint, into, "target");
            return into;
        });
        locate(recoveryPoint); // an unknown recovery point fails the call itself, not a task
        return tasks.submit(taskId(), "restore " + recoveryPoint + " to " + into, () -> new ManagedTasks.Result(true,
                restorer.apply(new RestoreOrder(recoveryPoint, new RestoreRequest(into, Map.of())))));
    }

    @Override
    public String restore(String recoveryPoint, String target, String options) {
        String source = checked(() -> blankIsNull(recoveryPoint, "a recovery point"));
        RestoreOrder order = checked(() -> {
            RestoreOrder given = restoreOptions.order(source, target == null || target.isBlank() ? null : target.trim(),
                    options);
            services.selectors().checkTarget(source, given.request().target(), "target");
            return given;
        });
        if (!Recoveries.namesLiveResource(source)) {
            locate(source); // an unknown recovery point fails the call itself, not a task
        }
        return tasks.submit(taskId(), "restore " + source + (order.request().target() == null ? ""
                : " to " + order.request().target()), () -> new ManagedTasks.Result(true, restorer.apply(order)));
    }

    /** Where {@link #hold} and {@link #release} go: the runtime's {@code direct:hold-request} and release routes. */
    StrataManagement withHolds(HoldRequests holds) {
        this.holds = holds;
        return this;
    }

    @Override
    public String hold(String recoveryPoint, String reason) {
        return checked(() -> holds.hold(new HoldOrder(blankIsNull(recoveryPoint, "a recovery point"),
                blankIsNull(reason, "a reason (what the hold records)"), ORIGIN)).summary());
    }

    @Override
    public String release(String recoveryPoint) {
        return checked(() -> holds.release(new HoldOrder(blankIsNull(recoveryPoint, "a recovery point"), null, ORIGIN))
                .summary());
    }

    @Override
    public String status(String taskId) {
        return checked(() -> tasks.status(blankIsNull(taskId, "a task id")));
    }

    @Override
    public String lastRun(String plan) {
        return checked(() -> {
            BackupPlan chosen = plans.require(blankIsNull(plan, "a plan name"));
            return lastRuns.of(chosen.name()).map(LastRuns::describe)
                    .orElse(chosen.name() + "  has not run since start-up");
        });
    }

    @Override
    public String getLastRuns() {
        return lastRuns.describeAll();
    }

    @Override
    public String[] getPlans() {
        return plans.plans().stream().map(BackupPlan::name).toArray(String[]::new);
    }

    /** Runs the request on the pool under its own run id, so that the id matches the stored run report. */
    private String start(BackupRequest request) {
        return tasks.submit(request.runId(), "run " + request.describe(), () -> {
            RunReport report = runner.apply(request);
            return new ManagedTasks.Result(report.success(), report.summary());
        });
    }

    /** The recovery point is read before the task starts, so that a wrong name fails the call itself. */
    private void locate(String recoveryPoint) {
        checked(() -> {
            RecoveryPointAddress address = RecoveryPointAddress.require(blankIsNull(recoveryPoint, "a recovery point"));
            return address.vault(vault).read(address.key());
        });
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.trim().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankIsNull(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing " + what);
        }
        return value.trim();
    }

    private static String taskId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Any failure of the call as an IllegalArgumentException with the message alone (see the class comment). */
    private static <T> T checked(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new IllegalArgumentException(Printable.of(message));
        }
    }
}
