package io.strata.archive;

import io.strata.plan.BackupPlan;
import io.strata.retention.ArchivePolicy;
import io.strata.retention.GfsRetention;
import io.strata.service.ServiceRegistry;
import io.strata.tiering.StoredTiers;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.StorageTier;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, for one plan at one instant, what happens to each of its recovery points: kept where
 * it is, moved to a colder class, or expired. Reads only the folders of the plan's resources, and
 * only recovery points the plan made (a {@code strata backup} from the command line, or another
 * plan's, is never touched).
 */
public final class ArchivePlanner {

    private final ServiceRegistry services;

    public ArchivePlanner(ServiceRegistry services) {
        this.services = services;
    }

    /** The decisions for {@code plan}'s recovery points in {@code vault}, evaluated at {@code asOf}. */
    public PlanDecisions plan(Vault vault, BackupPlan plan, ArchivePolicy policy, Instant asOf) {
        return plan(vault, plan, policy, asOf, Set.of());
    }

    /**
     * The same, with the keys of points held elsewhere: a second vault's copy of a point held in the primary is
     * held too (the hold object lives beside the primary's point only).
     */
    public PlanDecisions plan(Vault vault, BackupPlan plan, ArchivePolicy policy, Instant asOf, Set<String> heldElsewhere) {
        Listing listing = services.catalog().find(vault, plan.resources(), point -> plan.name().equals(point.plan()));
        // A descriptor the listing refused (unreadable, not its folder's, or, with strata.vault.signing-key,
        // without a valid MAC) is a problem of the pass, not a recovery point: never expired (its folder is
        // left whole, whatever it claims) and not counted by the retention. Retention over fewer points
        // keeps every point it would have kept (each stays the newest of its period, and no period is
        // added before it): a forged or altered descriptor can make the pass delete nothing.
        List<RecoveryPoint> points = listing.points();
        Map<String, GfsRetention.Verdict> verdicts = GfsRetention.verdicts(policy.retention(), points, asOf);
        List<ArchiveDecision> decisions = new ArrayList<>();
        for (RecoveryPoint point : points) {
            GfsRetention.Verdict verdict = verdicts.get(point.key());
            if (verdict != null) { // null: taken after asOf
                boolean held = !listing.holdsOf(point).isEmpty() || heldElsewhere.contains(point.key());
                decisions.add(held ? hold(point, verdict, listing.objectsOf(point), policy, asOf)
                        : decide(point, verdict, listing.objectsOf(point), policy, asOf));
            }
        }
        return new PlanDecisions(plan.name(), vault.bucket(), decisions, listing.problems(),
                new TreeMap<>(listing.unfinishedExpiries()));
    }

    /** A held point: retention still counts it (its verdict is reported), nothing moves nor goes. */
    private static ArchiveDecision hold(RecoveryPoint point, GfsRetention.Verdict verdict, List<StoredObject> objects,
                                        ArchivePolicy policy, Instant asOf) {
        long ageDays = Math.max(0, Duration.between(GfsRetention.time(point), asOf).toDays());
        StorageTier now = StoredTiers.coldest(objects);
        return new ArchiveDecision(point, verdict, ArchiveDecision.Action.HOLD, ageDays, now, now, objects, List.of(),
                false, policy.minObjectBytes());
    }

    private ArchiveDecision decide(RecoveryPoint point, GfsRetention.Verdict verdict, List<StoredObject> objects,
                                   ArchivePolicy policy, Instant asOf) {
        long ageDays = Math.max(0, Duration.between(GfsRetention.time(point), asOf).toDays());
        StorageTier now = StoredTiers.coldest(objects);
        if (verdict.expires()) {
            return new ArchiveDecision(point, verdict, ArchiveDecision.Action.EXPIRE, ageDays, now, now, objects,
                    List.of(), false, policy.minObjectBytes());
        }
        StorageTier target = policy.tiering().objectTierAt(ageDays);
        List<StoredObject> toMove = StoredTiers.due(objects, target, policy.minObjectBytes());
        boolean archiveSnapshots = policy.tiering().snapshotArchiveStep().filter(step -> step.days() <= ageDays).isPresent()
                && services.of(point).archivesSnapshots(point);
        ArchiveDecision.Action action = toMove.isEmpty() && !archiveSnapshots ? ArchiveDecision.Action.KEEP
                : ArchiveDecision.Action.TIER;
        return new ArchiveDecision(point, verdict, action, ageDays, now, target, objects, toMove, archiveSnapshots,
                policy.minObjectBytes());
    }

    /** One plan's decisions in one vault, and what could not be read or was left half-expired. */
    public record PlanDecisions(String plan, String bucket, List<ArchiveDecision> decisions, List<String> problems,
                                Map<String, List<StoredObject>> unfinishedExpiries) {
    }
}
