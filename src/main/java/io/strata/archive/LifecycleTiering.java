package io.strata.archive;

import io.strata.retention.ArchivePolicy;
import io.strata.service.ServiceRegistry;
import io.strata.tiering.LifecycleReconciler;
import io.strata.tiering.LifecycleRules;
import io.strata.tiering.LifecycleSummary;
import io.strata.tiering.ObjectTags;
import io.strata.tiering.StoredTiers;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Tiering mode {@code lifecycle} for one plan's pass: S3 moves and expires, Strata tags and keeps
 * the bucket's rules in line. In order: the rules are widened (never expiring earlier than either
 * the old or the new policy), every kept recovery point is tagged, and, when every one of them was,
 * the rules are set exactly. Expiry decisions are still carried out by Strata; S3's expirations
 * are the fallback for when it does not run. A plan in mode {@code copy} only loses the rules an
 * earlier {@code lifecycle} mode left, so that they no longer act on its objects.
 */
final class LifecycleTiering {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleTiering.class);

    private final ServiceRegistry services;
    private final LifecycleReconciler reconciler = new LifecycleReconciler();

    LifecycleTiering(ServiceRegistry services) {
        this.services = services;
    }

    /** Starts the plan's pass: in a real lifecycle pass, the rules are widened here. */
    Pass begin(Vault vault, ArchivePolicy policy, boolean dryRun) {
        return policy.mode() == ArchivePolicy.TieringMode.LIFECYCLE ? lifecycle(vault, policy, dryRun)
                : copy(vault, policy, dryRun);
    }

    private Pass lifecycle(Vault vault, ArchivePolicy policy, boolean dryRun) {
        List<LifecycleRule> desired = LifecycleRules.desired(policy, vault.prefix());
        Pass pass = new Pass(vault, policy, desired, !dryRun && !desired.isEmpty(), dryRun);
        try {
            pass.record(reconciler.reconcile(vault, policy.plan(), desired,
                    dryRun ? LifecycleReconciler.Step.EXACT : LifecycleReconciler.Step.WIDEN, !dryRun), !dryRun);
        } catch (SdkException | IllegalStateException e) {
            pass.fail("lifecycle rules of s3://" + vault.bucket() + " not reconciled, nothing tagged: " + e.getMessage());
        }
        return pass;
    }

    private Pass copy(Vault vault, ArchivePolicy policy, boolean dryRun) {
        Pass pass = new Pass(vault, policy, List.of(), false, dryRun);
        try {
            pass.record(reconciler.reconcile(vault, policy.plan(), List.of(), LifecycleReconciler.Step.EXACT, !dryRun),
                    !dryRun);
        } catch (SdkException e) {
            // A store without lifecycle support, or no permission to read it: copy mode never needed it.
            LOG.debug("Lifecycle configuration of s3://{} not readable ({}): no former rules of plan {} removed",
                    vault.bucket(), e.getMessage(), policy.plan());
        }
        return pass;
    }

    /** One plan's pass over one vault. */
    final class Pass {

        private final Vault vault;
        private final ArchivePolicy policy;
        private final List<LifecycleRule> desired;
        private final boolean dryRun;
        private boolean tagging;
        private LifecycleReconciler.Result result = new LifecycleReconciler.Result(List.of(), false, List.of());
        private boolean changed;
        private final List<String> removed = new ArrayList<>();
        private int writes;
        private int tagged;
        private String problem;
        private String note = "";

        private Pass(Vault vault, ArchivePolicy policy, List<LifecycleRule> desired, boolean tagging, boolean dryRun) {
            this.vault = vault;
            this.policy = policy;
            this.desired = desired;
            this.tagging = tagging;
            this.dryRun = dryRun;
        }

        /** Whether kept recovery points are carried out by {@link #tag} (and not moved by copy). */
        boolean tags() {
            return policy.mode() == ArchivePolicy.TieringMode.LIFECYCLE;
        }

        /** Tags every object of a kept recovery point; returns what it did, for the report. */
        String tag(ArchiveDecision decision) {
            if (problem != null) {
                throw new IllegalStateException("not tagged: " + problem);
            }
            if (!tagging) {
                return "no lifecycle rule to tag for";
            }
            String gfs = ObjectTags.gfsValue(decision.point().key(), decision.verdict().keptBy(), decision.ageDays(), policy,
                    services.of(decision.point()).livesInVault(decision.point()));
            Map<StoredObject, List<Tag>> current = new LinkedHashMap<>();
            decision.objects().forEach(object -> current.put(object, ObjectTags.read(vault, object)));
            int written = 0;
            for (StoredObject object : inSafeOrder(current, gfs)) {
                written += ObjectTags.apply(vault, object, current.get(object), ObjectTags.of(object, policy.plan(), gfs))
                        ? 1 : 0;
            }
            tagged += written;
            String tags = LifecycleRules.GFS_TAG + "=" + gfs;
            String what = written == 0 ? "tags in place (" + tags + ")" : "tagged " + written + " object(s) " + tags;
            return decision.toMove().isEmpty() ? what : what + "; S3 moves " + decision.toMove().size() + " object(s) to "
                    + decision.target();
        }

        /**
         * The objects in the order that keeps the descriptor expiring no later than its data should
         * the pass stop half-way through them: the descriptor and manifests first when the new tag
         * expires sooner than the data's (or the data is untagged), the data first when later.
         */
        private List<StoredObject> inSafeOrder(Map<StoredObject, List<Tag>> current, String gfs) {
            long soonestData = current.entrySet().stream().filter(e -> !StoredTiers.pinned(e.getKey()))
                    .mapToLong(e -> expiresAfter(ObjectTags.value(e.getValue(), LifecycleRules.GFS_TAG)))
                    .min().orElse(Long.MAX_VALUE);
            boolean pinnedFirst = expiresAfter(gfs) <= soonestData;
            return current.keySet().stream()
                    .sorted(Comparator.comparing((StoredObject o) -> StoredTiers.pinned(o) != pinnedFirst)).toList();
        }

        /** Days after which the plan's rules in the bucket expire data tagged {@code gfs} (none: never). */
        private long expiresAfter(String gfs) {
            return result.rules().stream().filter(rule -> rule.filter() != null && rule.filter().and() != null
                            && rule.filter().and().tags().contains(tag(LifecycleRules.GFS_TAG, gfs))
                            && rule.filter().and().tags().contains(tag(LifecycleRules.PIN_TAG, "false")))
                    .map(LifecycleRules::expirationDays).filter(OptionalLong::isPresent)
                    .mapToLong(OptionalLong::getAsLong).min().orElse(Long.MAX_VALUE);
        }

        /**
         * Ends the pass: sets the rules exactly when {@code clean} (every kept recovery point tagged,
         * every descriptor read); otherwise leaves them widened and says why. Returns the problems
         * (a dry run too: rules it could not read).
         */
        List<String> finish(boolean clean) {
            List<String> problems = new ArrayList<>();
            if (problem != null) {
                problems.add(problem);
            } else if (dryRun) {
                return problems;
            } else if (tagging && !clean) {
                note = "lifecycle rules left widened (no expiry earlier than the old or the new policy) until a pass "
                        + "tags every recovery point";
            } else if (tagging) {
                try {
                    record(reconciler.reconcile(vault, policy.plan(), desired, LifecycleReconciler.Step.EXACT, true), true);
                } catch (SdkException | IllegalStateException e) {
                    problem = "lifecycle rules of s3://" + vault.bucket() + " left widened: " + e.getMessage();
                    problems.add(problem);
                }
            }
            return problems;
        }

        /** What the report says about the bucket's lifecycle rules for this plan. */
        LifecycleSummary summary() {
            boolean active = tags() || !removed.isEmpty();
            if (!active) {
                return LifecycleSummary.none();
            }
            return new LifecycleSummary(true, result.rules(), changed, removed, writes, tagged,
                    problem != null ? problem : note);
        }

        private static Tag tag(String key, String value) {
            return Tag.builder().key(key).value(value).build();
        }

        private void record(LifecycleReconciler.Result reconciled, boolean written) {
            result = reconciled;
            changed |= reconciled.changed();
            writes += reconciled.changed() && written ? 1 : 0;
            reconciled.removed().stream().filter(id -> !removed.contains(id)).forEach(removed::add);
        }

        private void fail(String reason) {
            problem = reason;
            tagging = false;
            LOG.warn("Plan {}: {}", policy.plan(), reason);
        }
    }
}
