package io.strata.retention;

import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place recovery points get their GFS classes (the archive pass's verdicts, {@code strata
 * list}'s labels, the lifecycle rules' horizons all come from here). Grandfather-father-son classification of one resource's recovery points, as restic's
 * {@code forget --keep-*}: for {@code daily=7}, walk from the newest back and keep the newest
 * recovery point of each of the last 7 UTC days that have one; likewise ISO weeks (Monday),
 * months and years. A recovery point is kept while any rule keeps it, and the newest is always kept;
 * so is every recovery point a kept one {@link RecoveryPoint#needs() needs} (its chain).
 */
public final class GfsRetention {

    private final RetentionPolicy policy;

    public GfsRetention(RetentionPolicy policy) {
        this.policy = policy;
    }

    /**
     * The verdicts of a plan's recovery points under its retention (none: every point is kept as
     * {@link GfsClass#UNLIMITED}), each series ({@link #series}) classified on its own. Only recovery
     * points that exist at {@code asOf} are in the result.
     */
    public static Map<String, Verdict> verdicts(Optional<RetentionPolicy> retention, List<RecoveryPoint> points,
                                                Instant asOf) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        points.stream().collect(Collectors.groupingBy(GfsRetention::series, TreeMap::new, Collectors.toList()))
                .forEach((series, ofSeries) -> {
                    if (retention.isPresent()) {
                        verdicts.putAll(new GfsRetention(retention.get()).classify(ofSeries, asOf));
                    } else {
                        ofSeries.stream().filter(p -> !time(p).isAfter(asOf))
                                .forEach(p -> verdicts.put(p.key(), new Verdict(List.of(GfsClass.UNLIMITED))));
                    }
                });
        return verdicts;
    }

    /**
     * Days from creation after which a recovery point kept only by {@code gfsClass} is certainly no
     * longer kept by it: (count + 1) periods, a period being at most 1, 7, 31 or 366 days; max-age
     * plus a day. Empty for a class that never ends by age (newest, no retention) or that the
     * retention does not have. What S3 lifecycle rules may expire by age alone.
     */
    public static OptionalLong horizonDays(GfsClass gfsClass, Optional<RetentionPolicy> retention) {
        if (retention.isEmpty()) {
            return OptionalLong.empty();
        }
        RetentionPolicy r = retention.get();
        return switch (gfsClass) {
            case DAILY -> periods(r.daily(), 1);
            case WEEKLY -> periods(r.weekly(), 7);
            case MONTHLY -> periods(r.monthly(), 31);
            case YEARLY -> periods(r.yearly(), 366);
            case MAX_AGE -> r.maxAge().map(age -> OptionalLong.of(age.toDays() + 1)).orElse(OptionalLong.empty());
            case NEWEST, NEEDED, UNLIMITED -> OptionalLong.empty();
        };
    }

    private static OptionalLong periods(int count, int days) {
        return count > 0 ? OptionalLong.of((long) days * (count + 1)) : OptionalLong.empty();
    }

    /**
     * Why each recovery point is kept, by key ({@link Verdict#expires()} when nothing keeps it).
     * Only recovery points that exist at {@code asOf} are classified: later ones are not in the result.
     */
    public Map<String, Verdict> classify(List<RecoveryPoint> points, Instant asOf) {
        List<RecoveryPoint> newestFirst = points.stream().filter(p -> !time(p).isAfter(asOf))
                .sorted(Comparator.comparing(GfsRetention::time).reversed()
                        .thenComparing(RecoveryPoint::key, Comparator.reverseOrder()))
                .toList();
        Map<String, List<GfsClass>> reasons = new LinkedHashMap<>();
        newestFirst.forEach(p -> reasons.put(p.key(), new ArrayList<>()));
        if (!newestFirst.isEmpty()) {
            reasons.get(newestFirst.get(0).key()).add(GfsClass.NEWEST);
        }
        keepNewestPerPeriod(newestFirst, policy.daily(), GfsClass.DAILY, t -> t.toLocalDate().toString(), reasons);
        keepNewestPerPeriod(newestFirst, policy.weekly(), GfsClass.WEEKLY,
                t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), reasons);
        keepNewestPerPeriod(newestFirst, policy.monthly(), GfsClass.MONTHLY, t -> t.getYear() + "-" + t.getMonthValue(),
                reasons);
        keepNewestPerPeriod(newestFirst, policy.yearly(), GfsClass.YEARLY, t -> String.valueOf(t.getYear()), reasons);
        policy.maxAge().ifPresent(maxAge -> newestFirst.stream()
                .filter(p -> Duration.between(time(p), asOf).compareTo(maxAge) <= 0)
                .forEach(p -> reasons.get(p.key()).add(GfsClass.MAX_AGE)));
        // A kept point keeps what its restore reads (an incremental export's full export and earlier
        // incrementals): each lists its whole chain, so one pass keeps every link it needs.
        newestFirst.stream().filter(p -> !reasons.get(p.key()).isEmpty()).forEach(p -> p.needs().stream()
                .map(reasons::get).filter(r -> r != null && !r.contains(GfsClass.NEEDED))
                .forEach(r -> r.add(GfsClass.NEEDED)));
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        reasons.forEach((key, kept) -> verdicts.put(key, new Verdict(kept)));
        return verdicts;
    }

    private static void keepNewestPerPeriod(List<RecoveryPoint> newestFirst, int count, GfsClass gfsClass,
                                            Function<ZonedDateTime, String> period, Map<String, List<GfsClass>> reasons) {
        String last = null;
        int kept = 0;
        for (RecoveryPoint point : newestFirst) {
            if (kept == count) {
                return;
            }
            String current = period.apply(time(point).atZone(ZoneOffset.UTC));
            if (!Objects.equals(current, last)) {
                reasons.get(point.key()).add(gfsClass);
                kept++;
                last = current;
            }
        }
    }

    /** When a recovery point was taken: its start, or the time in its key for a descriptor without one. */
    public static Instant time(RecoveryPoint point) {
        return point.startedAt() != null ? point.startedAt()
                : RecoveryPointKey.parse(point.key()).time();
    }

    /**
     * The backups one retention is applied to: one resource in one region. A table of the same name in
     * another region (a multi-region application sharing the vault) is another resource with its own
     * newest and its own dailies. The region is the folder's, which every recovery point has.
     */
    public static String series(RecoveryPoint point) {
        return RecoveryPointKey.parse(point.key()).region() + " " + point.resource();
    }

    /** The rules that keep a recovery point; none means it expires. */
    public record Verdict(List<GfsClass> keptBy) {

        public Verdict {
            keptBy = List.copyOf(keptBy);
        }

        public boolean expires() {
            return keptBy.isEmpty();
        }

        /** The longest-lived rule keeping it (yearly over monthly over ...), as list and the tags show it. */
        public String label() {
            return keptBy.stream().max(Comparator.naturalOrder()).map(GfsClass::label).orElse("expired");
        }
    }

    /** Why a recovery point is kept, shortest-lived first. */
    public enum GfsClass {
        NEWEST("newest"), DAILY("daily"), WEEKLY("weekly"), MAX_AGE("max-age"), MONTHLY("monthly"), YEARLY("yearly"),
        /**
         * A kept recovery point needs it to be restored (the full export or an earlier incremental of its
         * chain): kept while that one is, whatever its own age; never expired by an S3 rule's age alone.
         */
        NEEDED("needed by a kept point"),
        /** The plan has no retention: everything is kept. */
        UNLIMITED("no retention");

        private final String label;

        GfsClass(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
