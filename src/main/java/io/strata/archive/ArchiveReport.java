package io.strata.archive;

import io.strata.tiering.LifecycleSummary;
import io.strata.tiering.StoredTiers;
import io.strata.vault.StorageTier;
import io.strata.vault.StoredObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one archive pass over one plan in one vault decided and did, with the storage it leaves:
 * bytes per class and the monthly cost at us-east-1 list prices, before and after.
 *
 * @param outcomes  one per recovery point, in the planner's order
 * @param problems  descriptors that could not be read, half-done expiries that could not be finished,
 *                  copies into a second vault that could not be completed
 * @param lifecycle the plan's rules in the bucket's lifecycle configuration (tiering mode {@code lifecycle})
 * @param copied    recovery points this pass copied into this vault (a plan's second vault), or would copy
 */
public record ArchiveReport(String plan, String bucket, Instant asOf, boolean dryRun, List<Outcome> outcomes,
                            List<String> problems, LifecycleSummary lifecycle, List<String> copied) {

    public ArchiveReport {
        outcomes = List.copyOf(outcomes);
        problems = List.copyOf(problems);
        copied = List.copyOf(copied);
    }

    public ArchiveReport(String plan, String bucket, Instant asOf, boolean dryRun, List<Outcome> outcomes,
                         List<String> problems, LifecycleSummary lifecycle) {
        this(plan, bucket, asOf, dryRun, outcomes, problems, lifecycle, List.of());
    }

    /** This report with the copies made before the pass, and the copies that failed among its problems. */
    public ArchiveReport withCopies(List<String> copies, List<String> copyProblems) {
        List<String> all = new ArrayList<>(copyProblems);
        all.addAll(problems);
        return new ArchiveReport(plan, bucket, asOf, dryRun, outcomes, all, lifecycle, copies);
    }

    public ArchiveReport(String plan, String bucket, Instant asOf, boolean dryRun, List<Outcome> outcomes,
                         List<String> problems) {
        this(plan, bucket, asOf, dryRun, outcomes, problems, LifecycleSummary.none());
    }

    /**
     * A decision and what became of it: done, dry run, left whole (a lock), or failed with the reason.
     *
     * @param lockedUntil for an expiry left whole, when the last lock on its objects ends ({@link Instant#MAX}: a
     *                    legal hold, no end date); null otherwise
     */
    public record Outcome(ArchiveDecision decision, Status status, String detail, Instant lockedUntil) {

        public Outcome(ArchiveDecision decision, Status status, String detail) {
            this(decision, status, detail, null);
        }

        /** Monthly cost of the folder now, minus after what was done (expired: all of it; left whole: nothing). */
        public double monthlySaving() {
            return cost(before(decision)) - cost(after(this));
        }

        /** An expiry that happened (a dry run: that would happen); not one left whole or failed. */
        public boolean expired() {
            return decision.action() == ArchiveDecision.Action.EXPIRE
                    && (status == Status.DONE || status == Status.PLANNED);
        }

        /** An expiry left whole because an object is locked: the recovery point stays until {@link #lockedUntil}. */
        public boolean keptLocked() {
            return decision.action() == ArchiveDecision.Action.EXPIRE && status == Status.LEFT && lockedUntil != null;
        }
    }

    public enum Status { DONE, PLANNED, LEFT, FAILED }

    public boolean ok() {
        return problems.isEmpty() && outcomes.stream().noneMatch(o -> o.status() == Status.FAILED);
    }

    public long count(ArchiveDecision.Action action) {
        return outcomes.stream().filter(o -> o.decision().action() == action).count();
    }

    /** Recovery points expired by this pass (a dry run: that it would expire); not those left whole. */
    public long expired() {
        return outcomes.stream().filter(Outcome::expired).count();
    }

    /** Due to expire, kept whole because an object is under Object Lock retention or a legal hold. */
    public List<Outcome> keptLocked() {
        return outcomes.stream().filter(Outcome::keptLocked).toList();
    }

    /**
     * The pass in one line: kept, tiered, expired, and apart from those, kept because locked with the date
     * the last lock ends, and expiries that failed.
     */
    public String totals() {
        StringBuilder line = new StringBuilder(String.format("%d recovery point(s): %d kept, %d to a colder class, "
                        + "%d expired", outcomes.size(), count(ArchiveDecision.Action.KEEP) + count(ArchiveDecision.Action.TIER)
                        + count(ArchiveDecision.Action.HOLD),
                count(ArchiveDecision.Action.TIER), expired()));
        List<Outcome> locked = keptLocked();
        if (!locked.isEmpty()) {
            Instant until = locked.stream().map(Outcome::lockedUntil).max(Instant::compareTo).orElseThrow();
            line.append(", ").append(locked.size()).append(" kept because locked (")
                    .append(Instant.MAX.equals(until) ? "a legal hold: no end date" : "until " + until
                            + (locked.size() > 1 ? " at the latest" : "")).append(")");
        }
        if (count(ArchiveDecision.Action.HOLD) > 0) {
            line.append(", ").append(count(ArchiveDecision.Action.HOLD)).append(" of them under a legal hold");
        }
        long failed = outcomes.stream().filter(o -> o.decision().action() == ArchiveDecision.Action.EXPIRE
                && o.status() == Status.FAILED).count();
        if (failed > 0) {
            line.append(", ").append(failed).append(" failed to expire");
        }
        return line.toString();
    }

    /** Bytes per class before the decisions. */
    public Map<StorageTier, Long> bytesBefore() {
        return total(outcomes.stream().flatMap(o -> before(o.decision()).stream()).toList());
    }

    /** Bytes per class after the pass (a dry run: as it would be); what a lock or a failure kept still counts. */
    public Map<StorageTier, Long> bytesAfter() {
        return total(outcomes.stream().flatMap(o -> after(o).stream()).toList());
    }

    public double monthlyCostBefore() {
        return outcomes.stream().mapToDouble(o -> cost(before(o.decision()))).sum();
    }

    public double monthlyCostAfter() {
        return outcomes.stream().mapToDouble(o -> cost(after(o))).sum();
    }

    private static List<Sized> before(ArchiveDecision decision) {
        return decision.objects().stream().map(o -> new Sized(StoredTiers.of(o), o.size())).toList();
    }

    private static List<Sized> after(Outcome outcome) {
        ArchiveDecision decision = outcome.decision();
        if (decision.action() == ArchiveDecision.Action.EXPIRE) {
            // Left whole (a lock) or failed: its objects are still stored and billed.
            return outcome.expired() ? List.of() : before(decision);
        }
        return decision.objects().stream().map(o -> new Sized(moves(decision, o) ? decision.target() : StoredTiers.of(o),
                o.size())).toList();
    }

    private static boolean moves(ArchiveDecision decision, StoredObject object) {
        return decision.toMove().stream().anyMatch(m -> m.key().equals(object.key()));
    }

    private static double cost(List<Sized> objects) {
        return objects.stream().mapToDouble(o -> o.tier().monthlyCost(o.bytes())).sum();
    }

    private static Map<StorageTier, Long> total(List<Sized> objects) {
        Map<StorageTier, Long> bytes = new EnumMap<>(StorageTier.class);
        objects.forEach(o -> bytes.merge(o.tier(), o.bytes(), Long::sum));
        return bytes;
    }

    private record Sized(StorageTier tier, long bytes) {
    }
}
