package io.strata.archive;

import io.strata.plan.BackupPlan;
import io.strata.plan.ResourceSelector;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
        List<RecoveryPoint> points = new ArrayList<>();
        Map<String, List<StoredObject>> objects = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, List<StoredObject>> unfinished = new TreeMap<>();
        Map<String, List<ResourceSelector>> byService = plan.resources().stream()
                .collect(Collectors.groupingBy(ResourceSelector::service, TreeMap::new, Collectors.toList()));
        byService.forEach((service, selectors) -> {
            Listing listing = vault.list(service, ServiceRegistry.folderPrefixes(selectors),
                    key -> selectors.stream().anyMatch(s -> ServiceRegistry.mayHold(key, s)),
                    point -> plan.name().equals(point.plan()) && selectors.stream().anyMatch(s -> services.matches(point, s)));
            points.addAll(listing.points());
            listing.points().forEach(p -> objects.put(p.key(), listing.objectsOf(p)));
            // A descriptor the listing refused (unreadable, not its folder's, or, with strata.vault.signing-key,
            // without a valid MAC) is a problem of the pass, not a recovery point: never expired (its folder is
            // left whole, whatever it claims) and not counted by the retention. Retention over fewer points
            // keeps every point it would have kept (each stays the newest of its period, and no period is
            // added before it): a forged or altered descriptor can make the pass delete nothing.
            problems.addAll(listing.problems());
            unfinished.putAll(listing.unfinishedExpiries());
        });
        Map<String, GfsRetention.Verdict> verdicts = new LinkedHashMap<>();
        points.stream().collect(Collectors.groupingBy(GfsRetention::series, TreeMap::new, Collectors.toList()))
                .forEach((resource, ofResource) -> verdicts.putAll(classify(policy, ofResource, asOf)));
        List<ArchiveDecision> decisions = new ArrayList<>();
        for (RecoveryPoint point : points) {
            GfsRetention.Verdict verdict = verdicts.get(point.key());
            if (verdict != null) { // null: taken after asOf
                decisions.add(decide(point, verdict, objects.get(point.key()), policy, asOf));
            }
        }
        return new PlanDecisions(plan.name(), vault.bucket(), decisions, problems, unfinished);
    }

    private static Map<String, GfsRetention.Verdict> classify(ArchivePolicy policy, List<RecoveryPoint> points,
                                                              Instant asOf) {
        if (policy.retention().isPresent()) {
            return new GfsRetention(policy.retention().get()).classify(points, asOf);
        }
        Map<String, GfsRetention.Verdict> all = new LinkedHashMap<>();
        points.stream().filter(p -> !GfsRetention.time(p).isAfter(asOf))
                .forEach(p -> all.put(p.key(), new GfsRetention.Verdict(List.of(GfsRetention.GfsClass.UNLIMITED))));
        return all;
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
