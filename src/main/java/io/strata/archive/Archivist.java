package io.strata.archive;

import io.strata.copies.VaultCopies;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.retention.ArchivePolicy;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.tiering.ObjectTiering;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import io.strata.vault.attempt.ArchiveLock;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.error.VaultException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The archive pass ({@code routes/archive.camel.yaml}, {@code strata archive}): per plan, classify
 * every committed recovery point, tier what is due, expire what no rule keeps. One recovery point
 * failing is reported and the pass goes on; a dry run only plans.
 */
public final class Archivist {

    private static final Logger LOG = LoggerFactory.getLogger(Archivist.class);

    private final PlanCatalog plans;
    private final ArchivePolicies policies;
    private final ArchivePlanner planner;
    private final ObjectTiering tiering;
    private final LifecycleTiering lifecycle;
    private final Expiry expiry; // in the primary vault; objectsOnly() in a second one
    private final ServiceRegistry services;
    private final Vault vault;
    private final Clock clock;
    private final StopSignal stop;
    private final VaultCopies copies;
    private AttemptTiming lockTiming = ArchiveLock.TIMING;

    /** Second vaults reached through the primary vault's client (one region): for tests. */
    public Archivist(PlanCatalog plans, ArchivePolicies policies, ServiceRegistry services, Vault vault, Clock clock,
                     StopSignal stop) {
        this(plans, policies, services, vault, clock, stop, new VaultCopies(policies, vault, region -> vault.s3(), false,
                stop::requested));
    }

    public Archivist(PlanCatalog plans, ArchivePolicies policies, ServiceRegistry services, Vault vault, Clock clock,
                     StopSignal stop, VaultCopies copies) {
        this(plans, policies, services, vault, clock, stop, new ObjectTiering(), copies);
    }

    Archivist(PlanCatalog plans, ArchivePolicies policies, ServiceRegistry services, Vault vault, Clock clock,
              StopSignal stop, ObjectTiering tiering, VaultCopies copies) {
        this.copies = copies;
        this.plans = plans;
        this.policies = policies;
        this.planner = new ArchivePlanner(services);
        this.tiering = tiering;
        this.lifecycle = new LifecycleTiering(services);
        this.expiry = new Expiry(services, clock);
        this.services = services;
        this.vault = vault;
        this.clock = clock;
        this.stop = stop;
    }

    /** Shorter lock leases, for tests that kill a pass and take its plan over. */
    Archivist withLockTiming(AttemptTiming timing) {
        this.lockTiming = timing;
        return this;
    }

    /** What the Quartz trigger runs: every plan, now. */
    public List<ArchiveReport> scheduled() {
        List<ArchiveReport> reports = run(new ArchiveOrder(null, null, false));
        reports.forEach(report -> LOG.info("Archive of plan {} in s3://{}: {}{}", report.plan(), report.bucket(),
                report.totals(), report.ok() ? "" : ", with failures"));
        return reports;
    }

    /** One pass as ordered: one plan or all, at an instant (default now), for real or dry. */
    public List<ArchiveReport> run(ArchiveOrder order) {
        Instant asOf = order.asOf() != null ? order.asOf() : clock.instant();
        List<BackupPlan> chosen = order.plan() != null ? List.of(plans.require(order.plan())) : plans.plans();
        List<ArchiveReport> reports = new ArrayList<>();
        for (BackupPlan plan : chosen) {
            try (var mdc = MDC.putCloseable("plan", plan.name()); ArchiveLock lock = lock(plan, order.dryRun())) {
                ArchivePolicy policy = policies.of(plan.name());
                ArchiveReport primary = run(vault, plan, policy, asOf, order.dryRun(), Set.of());
                reports.add(primary);
                if (policy.copyToVault().isPresent()) { // 3-2-1: missing copies completed, then the same pass there
                    Set<String> held = primary.outcomes().stream()
                            .filter(o -> o.decision().action() == ArchiveDecision.Action.HOLD)
                            .map(o -> o.decision().point().key()).collect(Collectors.toSet());
                    reports.add(SecondVaultPass.run(copies, primary, policy,
                            in -> run(in, plan, policy, asOf, order.dryRun(), held)));
                }
            } catch (PlanBusy busy) {
                reports.add(new ArchiveReport(plan.name(), vault.bucket(), asOf, false, List.of(),
                        List.of(busy.getMessage())));
            }
        }
        if (!order.dryRun() && !stop.requested()) {
            new AbandonedAttemptSweep(plans, services).run();
        }
        return reports;
    }

    /**
     * A real pass holds the plan's lock in the primary vault for its whole run, second vault
     * included; a dry run changes nothing and takes none.
     */
    private ArchiveLock lock(BackupPlan plan, boolean dryRun) {
        if (dryRun) {
            return null;
        }
        try {
            return ArchiveLock.take(vault, plan.name(), lockTiming, clock);
        } catch (VaultException e) {
            throw new PlanBusy(e.getMessage(), e);
        }
    }

    /** Another pass holds the plan: this one does nothing for it and says who does. */
    private static final class PlanBusy extends RuntimeException {
        PlanBusy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    ArchiveReport run(Vault in, BackupPlan plan, ArchivePolicy policy, Instant asOf, boolean dryRun) {
        return run(in, plan, policy, asOf, dryRun, Set.of());
    }

    /** @param heldElsewhere points held in the primary vault, whose copies here are held with them */
    private ArchiveReport run(Vault in, BackupPlan plan, ArchivePolicy policy, Instant asOf, boolean dryRun,
                              Set<String> heldElsewhere) {
        ArchivePlanner.PlanDecisions planned = planner.plan(in, plan, policy, asOf, heldElsewhere);
        // A second vault's copies name the primary's snapshots: only the primary's pass touches those.
        boolean copy = !in.bucket().equals(vault.bucket());
        Expiry expiry = copy ? this.expiry.objectsOnly() : this.expiry;
        List<String> problems = new ArrayList<>(planned.problems());
        List<ArchiveReport.Outcome> outcomes = new ArrayList<>();
        boolean versioned = !dryRun && versioned(in);
        boolean lockable = !dryRun && in.locks().enabledNow();
        if (!dryRun) {
            for (Map.Entry<String, List<StoredObject>> unfinished : planned.unfinishedExpiries().entrySet()) {
                try {
                    expiry.resume(in, unfinished.getKey(), unfinished.getValue(), versioned);
                } catch (RuntimeException e) {
                    problems.add("half-done expiry of " + unfinished.getKey() + " not finished: " + e.getMessage());
                }
            }
        }
        LifecycleTiering.Pass tagging = lifecycle.begin(in, policy, dryRun);
        List<Integer> expiring = new ArrayList<>(); // carried out together, after the tiering: DeleteObjects batches
        for (ArchiveDecision decision : planned.decisions()) {
            if (dryRun || decision.action() == ArchiveDecision.Action.HOLD
                    || (decision.action() == ArchiveDecision.Action.KEEP && !tagging.tags())) {
                // A held point's objects carry the hold's tags, which no rule matches: the pass leaves them as they are.
                outcomes.add(new ArchiveReport.Outcome(decision, dryRun ? ArchiveReport.Status.PLANNED
                        : ArchiveReport.Status.DONE, decision.action() == ArchiveDecision.Action.HOLD ? "legal hold" : ""));
            } else if (stop.requested()) {
                outcomes.add(new ArchiveReport.Outcome(decision, ArchiveReport.Status.FAILED, "stopped before it started"));
            } else if (decision.action() == ArchiveDecision.Action.EXPIRE) {
                expiring.add(outcomes.size());
                outcomes.add(null);
            } else {
                outcomes.add(carryOut(in, decision, versioned, !copy, tagging));
            }
        }
        expire(in, expiring, planned.decisions(), outcomes, versioned, lockable, expiry);
        problems.addAll(tagging.finish(problems.isEmpty() && !stop.requested()
                && outcomes.stream().noneMatch(o -> o.status() == ArchiveReport.Status.FAILED)));
        return new ArchiveReport(plan.name(), in.bucket(), asOf, dryRun, outcomes, problems, tagging.summary());
    }

    /** The pass's expiries in one go ({@link Expiry}: each step for all of them, every key's result checked). */
    private void expire(Vault in, List<Integer> expiring, List<ArchiveDecision> decisions,
                        List<ArchiveReport.Outcome> outcomes, boolean versioned, boolean lockable, Expiry expiry) {
        if (expiring.isEmpty()) {
            return;
        }
        if (stop.requested()) {
            expiring.forEach(i -> outcomes.set(i, new ArchiveReport.Outcome(decisions.get(i), ArchiveReport.Status.FAILED,
                    "stopped before it started")));
            return;
        }
        List<Expiry.Result> results = expiry.expire(in, expiring.stream().map(i -> new Expiry.Expiring(
                decisions.get(i).point(), decisions.get(i).objects())).toList(), versioned, lockable);
        for (int n = 0; n < expiring.size(); n++) {
            ArchiveDecision decision = decisions.get(expiring.get(n));
            Expiry.Result result = results.get(n);
            ArchiveReport.Outcome outcome;
            if (result.failure() != null) {
                LOG.warn("Expiry of {} failed: {}", decision.point().key(), result.failure());
                outcome = new ArchiveReport.Outcome(decision, ArchiveReport.Status.FAILED, result.failure());
            } else {
                outcome = result.lock().map(lock -> new ArchiveReport.Outcome(decision, ArchiveReport.Status.LEFT,
                        lock.describe(), lock.until()))
                        .orElseGet(() -> new ArchiveReport.Outcome(decision, ArchiveReport.Status.DONE, "expired"));
            }
            outcomes.set(expiring.get(n), outcome);
        }
    }

    private ArchiveReport.Outcome carryOut(Vault in, ArchiveDecision decision, boolean versioned, boolean snapshots,
                                           LifecycleTiering.Pass tagging) {
        try (var mdc = MDC.putCloseable("resource", decision.point().resource())) {
            int moved = 0;
            for (StoredObject object : tagging.tags() ? List.<StoredObject>of() : decision.toMove()) {
                moved += tiering.move(in, object, decision.target(), versioned) ? 1 : 0;
            }
            if (decision.archiveSnapshots() && snapshots) {
                services.of(decision.point()).archiveSnapshots(decision.point());
            }
            return new ArchiveReport.Outcome(decision, ArchiveReport.Status.DONE,
                    tagging.tags() ? tagging.tag(decision) : moved + " object(s) moved");
        } catch (RuntimeException e) {
            LOG.warn("Archive of {} failed: {}", decision.point().key(), e.getMessage(), e);
            return new ArchiveReport.Outcome(decision, ArchiveReport.Status.FAILED, e.getMessage());
        }
    }

    static boolean versioned(Vault in) {
        BucketVersioningStatus status = in.s3().getBucketVersioning(r -> r.bucket(in.bucket())).status();
        return status == BucketVersioningStatus.ENABLED || status == BucketVersioningStatus.SUSPENDED;
    }

    /** What {@code direct:archive} takes: a plan (null: all), an instant (null: now), a dry run or not. */
    public record ArchiveOrder(String plan, Instant asOf, boolean dryRun) {
    }
}
