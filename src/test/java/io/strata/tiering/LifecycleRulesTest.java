package io.strata.tiering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.SettingsException;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.retention.ArchivePolicy;
import io.strata.retention.GfsRetention;
import io.strata.retention.GfsRetentionTest;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.StoredObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

class LifecycleRulesTest {

    private static final String EXAMPLE = "daily=7,weekly=4,monthly=12,yearly=7";
    private static final int DAYS = 2 * 365;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theIssuesExamplePolicyBecomesOneTransitionRuleAndTwoExpirationsPerClass() {
        ArchivePolicy policy = policy("retention", EXAMPLE, "tiering", "30d:GLACIER_IR,90d:DEEP_ARCHIVE");

        List<String> rules = LifecycleRules.desired(policy, "").stream().map(LifecycleRules::describe).toList();

        String data = "prefix strata/, tags strata-plan=nightly,strata-gfs=";
        assertEquals(List.of(
                "strata-nightly-tier: prefix strata/, tags strata-plan=nightly,strata-pin=false, size > 131071 B"
                        + " -> 30d GLACIER_IR, 90d DEEP_ARCHIVE",
                "strata-nightly-daily-expire: " + data + "daily,strata-pin=false -> expire after 8d",
                "strata-nightly-daily-pinned-expire: " + data + "daily,strata-pin=true -> expire after 7d",
                "strata-nightly-weekly-expire: " + data + "weekly,strata-pin=false -> expire after 35d",
                "strata-nightly-weekly-pinned-expire: " + data + "weekly,strata-pin=true -> expire after 34d",
                "strata-nightly-monthly-expire: " + data + "monthly,strata-pin=false -> expire after 403d",
                "strata-nightly-monthly-pinned-expire: " + data + "monthly,strata-pin=true -> expire after 402d",
                "strata-nightly-yearly-expire: " + data + "yearly,strata-pin=false -> expire after 2928d",
                "strata-nightly-yearly-pinned-expire: " + data + "yearly,strata-pin=true -> expire after 2927d"), rules);
        LifecycleRule expire = LifecycleRules.desired(policy, "").get(1);
        assertEquals(ExpirationStatus.ENABLED, expire.status());
        assertEquals(1, expire.noncurrentVersionExpiration().noncurrentDays(), "a hidden version would keep paying");
    }

    @Test
    void theMinimumSizeIsTheTransitionRulesSizeFilterAndSmallObjectsStillExpire() {
        ArchivePolicy policy = policy("retention", "max-age=400d", "tiering", "100d:GLACIER", "tiering-min-size", "1MB");

        List<LifecycleRule> rules = LifecycleRules.desired(policy, "team-a/");

        assertEquals(1024L * 1024 - 1, rules.get(0).filter().and().objectSizeGreaterThan());
        assertEquals("team-a/strata/", rules.get(0).filter().and().prefix());
        assertEquals(null, rules.get(1).filter().and().objectSizeGreaterThan());
        assertEquals(401, rules.get(1).expiration().days());
        assertEquals(400, rules.get(2).expiration().days());
    }

    @Test
    void aPlanWithoutRetentionGetsNoExpirationAndWithoutTieringNoTransition() {
        assertEquals(List.of("strata-nightly-tier"), ids(LifecycleRules.desired(policy("tiering", "30d:GLACIER_IR"), "")));
        assertEquals(List.of("strata-nightly-daily-expire", "strata-nightly-daily-pinned-expire"),
                ids(LifecycleRules.desired(policy("retention", "daily=3"), "")));
        // ARCHIVE applies to EC2 snapshots: not an S3 transition.
        assertEquals(List.of(), ids(LifecycleRules.desired(policy("tiering", "30d:ARCHIVE"), "")));
    }

    /**
     * Backups for two years, an archive pass every night. Were the passes to stop after any one of
     * them, S3 would expire each recovery point by the tag that pass gave it: that must never come
     * before GFS (with the backups going on) stops keeping it, as long as each class sees at least
     * one backup per period — taken at any time of it (seeded random times find the worst cases).
     */
    @Test
    void noTagEverLetsS3ExpireARecoveryPointBeforeGfsWouldWithABackupEveryPeriod() {
        assertHorizonsHold(every(Duration.ofDays(1)), "daily=7,weekly=4,monthly=12,yearly=1");
        assertHorizonsHold(every(Duration.ofDays(1)), "daily=3,max-age=40d");
        assertHorizonsHold(oneAtRandomIn(Duration.ofDays(1), 1), "daily=7,weekly=4,monthly=12");
        assertHorizonsHold(oneAtRandomIn(Duration.ofDays(7), 2), "weekly=4,monthly=3");
        assertHorizonsHold(oneAtRandomIn(Duration.ofDays(7), 3), "weekly=2,max-age=30d");
        assertHorizonsHold(oneAtRandomPerMonth(4), "monthly=3");
    }

    @Test
    void withWeeklyBackupsDailyRulesKeepPointsLongerAndAreHeldInsteadOfExpiredByAge() {
        Map<String, Set<String>> tags = assertHorizonsHold(every(Duration.ofDays(7)), "daily=7,monthly=3");

        assertFalse(tags.values().stream().anyMatch(t -> t.contains("daily")), "a daily tag would expire after 8 days");
        assertTrue(tags.values().stream().anyMatch(t -> t.contains("held")));
    }

    @Test
    void theNewestIsNeverExpiredByS3AndSnapshotsAreLeftToStrata() {
        ArchivePolicy policy = policy("retention", "daily=2");
        RecoveryPoint point = GfsRetentionTest.point("2026-01-01T02:00:00Z");
        Kept newest = keep(point, List.of(GfsRetention.GfsClass.NEWEST, GfsRetention.GfsClass.DAILY), 400);
        Kept daily = keep(point, List.of(GfsRetention.GfsClass.DAILY), 0);

        assertEquals("newest", gfsValue(newest, policy, true));
        assertEquals("daily", gfsValue(daily, policy, true));
        assertEquals("held", gfsValue(daily, policy, false));
        assertEquals("held", gfsValue(keep(point, List.of(GfsRetention.GfsClass.DAILY), 1), policy, true));
        assertEquals("unlimited", gfsValue(keep(point, List.of(GfsRetention.GfsClass.UNLIMITED), 900),
                policy("tiering", "30d:GLACIER"), true));
    }

    @Test
    void theClassWithTheLongestHorizonDecidesNotTheLabel() {
        // max-age=10d is listed "above" weekly in the verdict's label, but weekly=4 keeps it 35 days.
        ArchivePolicy policy = policy("retention", "weekly=4,max-age=10d");
        RecoveryPoint point = GfsRetentionTest.point("2026-01-01T02:00:00Z");

        assertEquals("weekly", gfsValue(keep(point, List.of(GfsRetention.GfsClass.WEEKLY,
                GfsRetention.GfsClass.MAX_AGE), 3), policy, true));
    }

    @Test
    void pinnedObjectsCarryPinTrueAndDataFilesPinFalse() {
        StoredObject descriptor = new StoredObject("strata/dynamodb/r/t/20260101T000000Z/recovery-point.json", 10, null, null);
        StoredObject manifest = new StoredObject("strata/dynamodb/r/t/20260101T000000Z/AWSDynamoDB/1/manifest-files.json",
                999_999, null, null);
        StoredObject data = new StoredObject("strata/dynamodb/r/t/20260101T000000Z/AWSDynamoDB/1/data/a.json.gz", 5, null,
                null);

        assertEquals(Map.of("strata-plan", "p", "strata-gfs", "weekly", "strata-pin", "true"),
                ObjectTags.of(descriptor, "p", "weekly"));
        assertEquals("true", ObjectTags.of(manifest, "p", "weekly").get("strata-pin"));
        assertEquals("false", ObjectTags.of(data, "p", "weekly").get("strata-pin"));
    }

    @Test
    void wideningKeepsTheLaterExpirationAndTheRulesThePolicyDropped() {
        List<LifecycleRule> before = LifecycleRules.desired(policy("retention", "daily=30,weekly=4"), "");
        List<LifecycleRule> after = LifecycleRules.desired(policy("retention", "daily=7,monthly=2"), "");

        List<LifecycleRule> widened = LifecycleReconciler.widen(before, after);

        assertEquals(List.of("strata-nightly-daily-expire", "strata-nightly-daily-pinned-expire",
                "strata-nightly-monthly-expire", "strata-nightly-monthly-pinned-expire",
                "strata-nightly-weekly-expire", "strata-nightly-weekly-pinned-expire"), ids(widened));
        assertEquals(31, widened.get(0).expiration().days());
        assertEquals(30, widened.get(1).expiration().days());
        assertEquals(93, widened.get(2).expiration().days());
        // Lengthening: the new, later expirations win.
        assertEquals(List.of(31, 30, 35, 34), LifecycleReconciler.widen(after.subList(0, 2), before).stream()
                .map(r -> r.expiration().days()).toList());
    }

    @Test
    void mergeReplacesOnlyThisPlansRulesInThisVaultInPlace() {
        LifecycleRule logs = LifecycleRule.builder().id("logs-expire").status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build();
        List<LifecycleRule> other = LifecycleRules.desired(policyOf("other", "retention", "daily=3"), "");
        List<LifecycleRule> otherVault = LifecycleRules.desired(policy("retention", "daily=3"), "team-b/");
        List<LifecycleRule> old = LifecycleRules.desired(policy("retention", "daily=3"), "");
        List<LifecycleRule> current = new ArrayList<>(List.of(logs));
        current.addAll(old);
        current.addAll(other);
        current.addAll(otherVault);
        List<LifecycleRule> wanted = LifecycleRules.desired(policy("retention", "weekly=2"), "");

        List<LifecycleRule> merged = LifecycleReconciler.merge(current, "nightly", "", wanted);

        List<LifecycleRule> expected = new ArrayList<>(List.of(logs));
        expected.addAll(wanted);
        expected.addAll(other);
        expected.addAll(otherVault);
        assertEquals(expected, merged);
        assertTrue(LifecycleRules.same(current, new ArrayList<>(current)));
        assertFalse(LifecycleRules.same(current, merged));
        assertNotEquals(ids(old), ids(otherVault), "two vaults in one bucket never share a rule ID");
    }

    @Test
    void aPlanNamedLikeAnotherPlansPrefixOwnsNoneOfItsRules() {
        LifecycleRule ofAB = LifecycleRules.desired(policyOf("a-b", "retention", "daily=3"), "").get(0);

        assertTrue(ofAB.id().startsWith("strata-a-"));
        assertFalse(LifecycleRules.ownedBy(ofAB, "a", ""));
        assertTrue(LifecycleRules.ownedBy(ofAB, "a-b", ""));
    }

    @Test
    void sameIgnoresTagOrderButNotDays() {
        LifecycleRule rule = LifecycleRules.desired(policy("retention", "daily=3"), "").get(0);
        LifecycleRule reordered = rule.toBuilder().filter(f -> f.and(rule.filter().and().toBuilder()
                .tags(reversed(rule.filter().and().tags())).build())).build();

        assertTrue(LifecycleRules.same(rule, reordered));
        assertFalse(LifecycleRules.same(rule, rule.toBuilder().expiration(e -> e.days(5)).build()));
        assertFalse(LifecycleRules.same(rule, rule.toBuilder().abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1))
                .build()));
    }

    @Test
    void aTransitionS3LifecycleWouldRefuseIsAStartUpError() {
        SettingsException e = assertThrows(SettingsException.class, () -> policies("nightly", "tiering",
                "30d:STANDARD_IA,45d:GLACIER", "tiering-mode", "lifecycle"));

        assertTrue(e.getMessage().contains("strata.plan.nightly.tiering: with tiering-mode=lifecycle, '45d:GLACIER' must "
                + "come at least 30 days after '30d:STANDARD_IA'"), e.getMessage());
        assertTrue(e.getMessage().contains("e.g. 60d:GLACIER"), e.getMessage());
        // Copy mode moves objects itself: no such limit.
        policies("nightly", "tiering", "30d:STANDARD_IA,45d:GLACIER");
    }

    /** Simulates backups every {@code every} and a pass a day; returns the tags each recovery point got. */
    private static Map<String, Set<String>> assertHorizonsHold(List<Instant> backups, String retention) {
        ArchivePolicy policy = policy("retention", retention);
        GfsRetention gfs = new GfsRetention(policy.retention().orElseThrow());
        List<RecoveryPoint> points = new ArrayList<>();
        Map<String, Long> lastKeptAge = new HashMap<>();
        Map<String, Map<String, Long>> tagAges = new HashMap<>();
        backups.forEach(backup -> points.add(GfsRetentionTest.point(backup.toString())));
        Map<String, RecoveryPoint> byKey = new HashMap<>();
        points.forEach(p -> byKey.put(p.key(), p));
        Set<String> stillKept = Set.of();
        for (int day = 0; day < DAYS; day++) {
            Instant pass = START.plus(Duration.ofDays(day)).plus(Duration.ofHours(3));
            Set<String> kept = new java.util.HashSet<>();
            for (Map.Entry<String, GfsRetention.Verdict> verdict : gfs.classify(points, pass).entrySet()) {
                if (verdict.getValue().expires()) {
                    continue;
                }
                RecoveryPoint point = byKey.get(verdict.getKey());
                long age = Duration.between(point.startedAt(), pass).toDays();
                kept.add(point.key());
                lastKeptAge.put(point.key(), age);
                String tag = gfsValue(keep(point, verdict.getValue().keptBy(), age), policy, true);
                tagAges.computeIfAbsent(point.key(), k -> new HashMap<>()).putIfAbsent(tag, age);
            }
            stillKept = kept;
        }
        Set<String> unknownEnd = stillKept; // kept when the simulation ends: how long GFS keeps them is not known yet
        Map<String, Set<String>> tags = new HashMap<>();
        tagAges.forEach((key, byTag) -> {
            tags.put(key, new TreeSet<>(byTag.keySet()));
            for (String tag : byTag.keySet()) {
                OptionalLong horizon = horizonOf(tag, policy);
                if (horizon.isPresent() && !unknownEnd.contains(key)) {
                    assertTrue(horizon.getAsLong() > lastKeptAge.get(key), () -> retention + ": " + key + " tagged " + tag + " expires after "
                            + horizon.getAsLong() + " days, GFS keeps it " + lastKeptAge.get(key) + " days");
                }
            }
        });
        assertTrue(tags.values().stream().anyMatch(t -> t.stream().anyMatch(tag -> horizonOf(tag, policy).isPresent())),
                "no recovery point ever got a tag S3 expires: the test would prove nothing");
        return tags;
    }

    /** Backups at 02:00 UTC every {@code period}, from {@link #START}. */
    private static List<Instant> every(Duration period) {
        List<Instant> backups = new ArrayList<>();
        for (Instant t = START.plus(Duration.ofHours(2)); t.isBefore(START.plus(Duration.ofDays(DAYS))); t = t.plus(period)) {
            backups.add(t);
        }
        return backups;
    }

    /** One backup at a random second of each UTC day, or of each ISO week (from Monday 2025-12-29). */
    private static List<Instant> oneAtRandomIn(Duration period, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Instant> backups = new ArrayList<>();
        Instant first = period.toDays() == 7 ? Instant.parse("2025-12-29T00:00:00Z") : START;
        for (Instant t = first; t.isBefore(START.plus(Duration.ofDays(DAYS))); t = t.plus(period)) {
            backups.add(t.plusSeconds(random.nextLong(period.toSeconds())).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        return backups;
    }

    /** One backup at a random second of each calendar month. */
    private static List<Instant> oneAtRandomPerMonth(long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Instant> backups = new ArrayList<>();
        for (java.time.YearMonth month = java.time.YearMonth.of(2026, 1); month.isBefore(java.time.YearMonth.of(2028, 1));
             month = month.plusMonths(1)) {
            backups.add(month.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    .plusSeconds(random.nextLong(month.lengthOfMonth() * 86_400L)));
        }
        return backups;
    }

    private static OptionalLong horizonOf(String tag, ArchivePolicy policy) {
        for (GfsRetention.GfsClass gfsClass : GfsRetention.GfsClass.values()) {
            if (gfsClass.label().equals(tag)) {
                return LifecycleRules.horizonDays(gfsClass, policy);
            }
        }
        return OptionalLong.empty();
    }

    /** A recovery point the archive keeps, as the pass hands it to {@link ObjectTags#gfsValue}. */
    private record Kept(RecoveryPoint point, List<GfsRetention.GfsClass> keptBy, long ageDays) {
    }

    private static Kept keep(RecoveryPoint point, List<GfsRetention.GfsClass> keptBy, long ageDays) {
        return new Kept(point, keptBy, ageDays);
    }

    private static String gfsValue(Kept kept, ArchivePolicy policy, boolean onlyInVault) {
        return ObjectTags.gfsValue(kept.point().key(), kept.keptBy(), kept.ageDays(), policy, onlyInVault);
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<String> ids(List<LifecycleRule> rules) {
        return rules.stream().map(LifecycleRule::id).toList();
    }

    private static ArchivePolicy policy(String... attributes) {
        return policyOf("nightly", attributes);
    }

    private static ArchivePolicy policyOf(String plan, String... attributes) {
        String[] withMode = new String[attributes.length + 2];
        System.arraycopy(attributes, 0, withMode, 0, attributes.length);
        withMode[attributes.length] = "tiering-mode";
        withMode[attributes.length + 1] = "lifecycle";
        return policies(plan, withMode).of(plan);
    }

    private static ArchivePolicies policies(String plan, String... attributes) {
        Properties properties = new Properties();
        properties.setProperty("strata.plan." + plan + ".cron", "0 0 2 * * ?");
        properties.setProperty("strata.plan." + plan + ".resources", "dynamodb:orders");
        for (int i = 0; i < attributes.length; i += 2) {
            properties.setProperty("strata.plan." + plan + "." + attributes[i], attributes[i + 1]);
        }
        return ArchivePolicies.from(properties, PlanCatalog.from(properties, Services.selectors()::parse));
    }
}
