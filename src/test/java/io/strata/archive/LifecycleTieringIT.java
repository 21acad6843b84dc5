package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.retention.ArchivePolicy;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.S3MockLifecycleTags;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.tiering.LifecycleRules;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.DeleteBucketLifecycleRequest;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Tiering mode {@code lifecycle} on S3Mock and DynamoDB Local. S3Mock stores lifecycle rules and
 * never runs them: the tests check the rules and the tags as a user would with
 * {@code aws s3api get-bucket-lifecycle-configuration} and {@code get-object-tagging}, and match
 * the rules against the objects as S3 documents it (prefix, every tag, size strictly greater).
 */
class LifecycleTieringIT {

    private static final String[] DAYS = {"2026-01-10", "2026-01-20", "2026-01-31", "2026-02-05", "2026-02-08",
            "2026-02-09", "2026-02-10"};
    private static final Instant AS_OF = Instant.parse("2026-02-10T12:00:00Z");
    private static final LifecycleRule LOGS = LifecycleRule.builder().id("logs-expire").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Calls calls = new Calls();
    private String table;
    private String small;
    private StrataSettings settings;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;

    @BeforeEach
    void start() throws Exception {
        table = TestAws.unique("orders");
        small = TestAws.unique("tiny");
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "1",
                "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + table + ",dynamodb:" + small,
                "strata.plan.nightly.retention", "daily=3,monthly=12",
                "strata.plan.nightly.tiering", "5d:GLACIER_IR,100d:DEEP_ARCHIVE",
                "strata.plan.nightly.tiering-mode", "lifecycle");
        clients = TestAws.clients(settings, new S3MockLifecycleTags(), calls);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        Tables.create(clients.dynamoDb(), table);
        // ~240 KB of random bytes: one data file above the 128 KB minimum tiering size.
        Tables.putIncompressible(clients.dynamoDb(), table, 60, 11);
        Tables.create(clients.dynamoDb(), small);
        Tables.put(clients.dynamoDb(), small, List.of(Tables.simple("a", 1, "tiny")));
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    @Test
    void tagsEveryKeptObjectAndPutsThePlansRulesBesideForeignOnes() throws Exception {
        vault.s3().putBucketLifecycleConfiguration(r -> r.bucket(vault.bucket()).lifecycleConfiguration(c -> c.rules(LOGS)));
        Map<String, RecoveryPoint> points = backUpOn("nightly", table, DAYS);
        backUpOn("nightly", small, "2026-01-31");
        String dataFile = dataFileOf(points.get("2026-01-31"));
        vault.s3().putObjectTagging(r -> r.bucket(vault.bucket()).key(dataFile)
                .tagging(t -> t.tagSet(tag("owner", "team-x"))));

        ArchiveReport report = pass("nightly", false);

        assertTrue(report.ok(), () -> report.outcomes().stream().map(o -> o.status() + " " + o.detail()).toList().toString());
        List<LifecycleRule> expected = new ArrayList<>(List.of(LOGS));
        expected.addAll(LifecycleRules.desired(policy(), ""));
        assertEquals(expected, rules(), "the foreign rule first and unchanged, then the plan's");
        // Strata still expires what no rule keeps: daily=3 keeps Feb 10, 9, 8; monthly Jan 31.
        for (String expired : List.of("2026-01-10", "2026-01-20", "2026-02-05")) {
            assertEquals(List.of(), objects(points.get(expired).key()).keySet().stream().toList(), expired);
        }
        assertEquals(Map.of("2026-01-31", "monthly", "2026-02-08", "held", "2026-02-09", "daily", "2026-02-10", "newest"),
                gfsTags(points));
        assertEquals(Map.of("owner", "team-x", "strata-plan", "nightly", "strata-gfs", "monthly", "strata-pin", "false"),
                tagsOf(dataFile), "the object's own tag is kept");
        // S3 moves the data, not Strata: everything is still in STANDARD, and the report says so.
        assertTrue(objects(vault.prefix() + "strata/").values().stream().allMatch(o -> o.storageClassAsString() == null
                || o.storageClassAsString().equals("STANDARD")));
        String jan31 = report.outcomes().stream().filter(o -> o.decision().point().key().equals(points.get("2026-01-31").key()))
                .findFirst().orElseThrow().detail();
        assertTrue(jan31.contains("tagged 4 object(s) strata-gfs=monthly; S3 moves 1 object(s) to GLACIER_IR"), jan31);
        assertTrue(report.lifecycle().active());
        assertEquals(1, report.lifecycle().writes());
    }

    @Test
    void pinnedAndSmallObjectsMatchNoTransitionRuleAndEveryObjectMatchesOneExpiration() throws Exception {
        Map<String, RecoveryPoint> points = backUpOn("nightly", table, "2026-01-31", "2026-02-10");
        RecoveryPoint tiny = backUpOn("nightly", small, "2026-01-31", "2026-02-10").get("2026-01-31");

        pass("nightly", false);

        List<LifecycleRule> rules = rules();
        int data = 0;
        for (RecoveryPoint point : List.of(points.get("2026-01-31"), tiny)) {
            for (S3Object object : objects(point.key()).values()) {
                Map<String, String> tags = tagsOf(object.key());
                boolean pinned = object.key().endsWith(RecoveryPointKey.DESCRIPTOR) || object.key().contains("/manifest-");
                assertEquals(String.valueOf(pinned), tags.get("strata-pin"), object.key());
                assertEquals("nightly", tags.get("strata-plan"), object.key());
                List<LifecycleRule> matching = rules.stream().filter(r -> matches(r, object, tags)).toList();
                boolean moves = matching.stream().anyMatch(LifecycleRule::hasTransitions);
                boolean big = object.size() >= 128 * 1024;
                assertEquals(!pinned && big, moves, object.key() + " (" + object.size() + " B) matches " + matching);
                data += moves ? 1 : 0;
                List<Integer> expirations = matching.stream().filter(r -> r.expiration() != null)
                        .map(r -> r.expiration().days()).toList();
                assertEquals(List.of(pinned ? 402 : 403), expirations, object.key() + ": monthly=12, the commit a day first");
            }
        }
        assertEquals(1, data, "the 240 KB data file moves, the one-item table's does not");
    }

    @Test
    void aSecondPassOfTwoPlansWritesNoRuleAndNoTag() throws Exception {
        settings.properties().setProperty("strata.plan.weekly.cron", "0 0 3 ? * SUN");
        settings.properties().setProperty("strata.plan.weekly.resources", "dynamodb:" + table);
        settings.properties().setProperty("strata.plan.weekly.retention", "weekly=8");
        settings.properties().setProperty("strata.plan.weekly.tiering-mode", "lifecycle");
        backUpOn("nightly", table, DAYS);
        backUpOn("weekly", table, "2026-01-04", "2026-01-11");
        clock.set(AS_OF);
        List<ArchiveReport> first = archivist().run(new Archivist.ArchiveOrder(null, null, false));
        assertTrue(first.stream().allMatch(ArchiveReport::ok));
        List<LifecycleRule> before = rules();
        assertEquals(LifecycleRules.desired(policy(), ""), before.subList(0, 5));
        assertEquals(List.of("strata-weekly-weekly-expire", "strata-weekly-weekly-pinned-expire"),
                before.subList(5, 7).stream().map(LifecycleRule::id).toList());
        calls.reset();

        List<ArchiveReport> second = archivist().run(new Archivist.ArchiveOrder(null, null, false));

        assertTrue(second.stream().allMatch(ArchiveReport::ok));
        assertEquals(0, calls.ruleWrites.get(), "PutBucketLifecycleConfiguration calls");
        assertEquals(0, calls.tagWrites.get(), "PutObjectTagging calls");
        assertTrue(second.stream().allMatch(r -> r.lifecycle().writes() == 0 && r.lifecycle().objectsTagged() == 0));
        assertEquals(before, rules());
    }

    @Test
    void aChangedPolicyReplacesStrataRulesAndRetags() throws Exception {
        vault.s3().putBucketLifecycleConfiguration(r -> r.bucket(vault.bucket()).lifecycleConfiguration(c -> c.rules(LOGS)));
        Map<String, RecoveryPoint> points = backUpOn("nightly", table, DAYS);
        pass("nightly", false);
        settings.properties().setProperty("strata.plan.nightly.retention", "daily=5,yearly=2");
        calls.reset();

        ArchiveReport report = pass("nightly", false);

        assertTrue(report.ok());
        List<LifecycleRule> expected = new ArrayList<>(List.of(LOGS));
        expected.addAll(LifecycleRules.desired(policy(), ""));
        assertEquals(expected, rules());
        assertEquals(List.of("strata-nightly-monthly-expire", "strata-nightly-monthly-pinned-expire"),
                report.lifecycle().removed());
        // Widened first (the monthly rules stay while objects are retagged), then set exactly.
        assertEquals(2, calls.ruleWrites.get());
        // daily=5 keeps the 5 last days with a backup: Jan 31 is 10 days old, more than one backup a day would keep.
        assertEquals(Map.of("2026-01-31", "held", "2026-02-08", "daily", "2026-02-09", "daily", "2026-02-10", "newest"),
                gfsTags(points));
    }

    @Test
    void aPassThatCannotTagLeavesRulesThatExpireNoEarlierThanEitherPolicy() throws Exception {
        Map<String, RecoveryPoint> points = backUpOn("nightly", table, DAYS);
        pass("nightly", false);
        settings.properties().setProperty("strata.plan.nightly.retention", "daily=2,monthly=12");
        calls.failTagging = true;

        ArchiveReport failed = pass("nightly", false);

        assertFalse(failed.ok());
        // Feb 9 goes from daily to held under daily=2: its tags could not be written.
        assertTrue(failed.outcomes().stream().anyMatch(o -> o.status() == ArchiveReport.Status.FAILED));
        assertEquals(4, expiration("strata-nightly-daily-expire"), "daily=3's 4 days, not daily=2's 3");
        assertEquals(3, expiration("strata-nightly-daily-pinned-expire"));
        assertTrue(failed.lifecycle().note().contains("left widened"), failed.lifecycle().note());

        calls.failTagging = false;
        ArchiveReport again = pass("nightly", false);

        assertTrue(again.ok());
        assertEquals(LifecycleRules.desired(policy(), ""), rules());
        assertEquals(3, expiration("strata-nightly-daily-expire"));
        assertEquals("held", gfsTags(points).get("2026-02-09"));
    }

    @Test
    void aPassStoppedBetweenTwoObjectsNeverLeavesADescriptorOutlivingItsData() throws Exception {
        Map<String, RecoveryPoint> points = backUpOn("nightly", table, DAYS);
        // Stop after 1 tag write, then resume and stop after 2, ...: every state a killed pass can leave.
        boolean done = false;
        for (int allowed = 1; !done; allowed++) {
            assertTrue(allowed < 30, "the passes never finished");
            calls.tagWritesAllowed = allowed;
            done = pass("nightly", false).ok();
            calls.tagWritesAllowed = Integer.MAX_VALUE;
            List<LifecycleRule> rules = rules();
            for (RecoveryPoint point : points.values()) {
                Map<Boolean, List<Long>> expiries = objects(point.key()).values().stream().collect(Collectors.partitioningBy(
                        o -> o.key().endsWith(RecoveryPointKey.DESCRIPTOR) || o.key().contains("/manifest-"),
                        Collectors.mapping(o -> expiresAfter(rules, o, tagsOf(o.key())), Collectors.toList())));
                long latestPinned = expiries.get(true).stream().mapToLong(Long::longValue).max().orElse(0);
                long soonestData = expiries.get(false).stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
                int writes = allowed;
                assertTrue(latestPinned <= soonestData, point.key() + " after " + writes + " tag write(s): "
                        + "the descriptor or a manifest expires after " + latestPinned + " days, data after " + soonestData);
            }
        }
        assertEquals(Map.of("2026-01-31", "monthly", "2026-02-08", "held", "2026-02-09", "daily", "2026-02-10", "newest"),
                gfsTags(points));
    }

    @Test
    void anObjectWithTooManyTagsFailsItsRecoveryPointWithTheReason() throws Exception {
        Map<String, RecoveryPoint> points = backUpOn("nightly", table, DAYS);
        String dataFile = dataFileOf(points.get("2026-01-31"));
        List<Tag> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add(tag("k" + i, "v"));
        }
        vault.s3().putObjectTagging(r -> r.bucket(vault.bucket()).key(dataFile).tagging(t -> t.tagSet(eight)));

        ArchiveReport report = pass("nightly", false);

        ArchiveReport.Outcome jan31 = report.outcomes().stream()
                .filter(o -> o.decision().point().key().equals(points.get("2026-01-31").key())).findFirst().orElseThrow();
        assertEquals(ArchiveReport.Status.FAILED, jan31.status());
        assertTrue(jan31.detail().contains(dataFile + " has 8 tags: S3 allows 10 per object"), jan31.detail());
        assertEquals(8, tagsOf(dataFile).size(), "left as it was");
        assertEquals(1, report.outcomes().stream().filter(o -> o.status() == ArchiveReport.Status.FAILED).count());
    }

    @Test
    void aDryRunReportsTheRulesItWouldPutAndChangesNothing() throws Exception {
        Map<String, RecoveryPoint> points = backUpOn("nightly", table, DAYS);

        ArchiveReport report = archivist().run(new Archivist.ArchiveOrder("nightly", AS_OF, true)).get(0);

        assertEquals(LifecycleRules.desired(policy(), ""), report.lifecycle().rules());
        assertTrue(report.lifecycle().changed());
        assertTrue(report.lifecycle().describedRules().get(0).startsWith("strata-nightly-tier: prefix strata/"));
        assertEquals(0, calls.ruleWrites.get() + calls.tagWrites.get());
        S3Exception none = assertThrows(S3Exception.class,
                () -> vault.s3().getBucketLifecycleConfiguration(r -> r.bucket(vault.bucket())));
        assertEquals("NoSuchLifecycleConfiguration", none.awsErrorDetails().errorCode());
        assertEquals(Map.of(), tagsOf(dataFileOf(points.get("2026-01-31"))));
        assertEquals(DAYS.length, report.outcomes().size());
    }

    @Test
    void turningThePlanBackToCopyRemovesItsRulesOnlyAndCopiesAgain() throws Exception {
        vault.s3().putBucketLifecycleConfiguration(r -> r.bucket(vault.bucket()).lifecycleConfiguration(c -> c.rules(LOGS)));
        Map<String, RecoveryPoint> points = backUpOn("nightly", table, DAYS);
        pass("nightly", false);
        settings.properties().setProperty("strata.plan.nightly.tiering-mode", "copy");

        ArchiveReport report = pass("nightly", false);

        assertTrue(report.ok());
        assertEquals(List.of(LOGS), rules());
        assertEquals(5, report.lifecycle().removed().size());
        assertEquals("GLACIER_IR", objects(points.get("2026-01-31").key()).get(dataFileOf(points.get("2026-01-31")))
                .storageClassAsString());

        vault.s3().putBucketLifecycleConfiguration(r -> r.bucket(vault.bucket())
                .lifecycleConfiguration(c -> c.rules(LifecycleRules.desired(policyIn("lifecycle"), ""))));
        pass("nightly", false);
        assertThrows(S3Exception.class, () -> vault.s3().getBucketLifecycleConfiguration(r -> r.bucket(vault.bucket())),
                "no rule left: the configuration is deleted (S3 refuses an empty one)");
        assertEquals(1, calls.ruleDeletes.get());
    }

    @Test
    void aStrataRuleEditedByHandIsPutBackAndAForeignRuleWithStrataIdStopsThePass() throws Exception {
        backUpOn("nightly", table, "2026-02-09", "2026-02-10");
        pass("nightly", false);
        List<LifecycleRule> edited = new ArrayList<>(rules());
        edited.set(1, edited.get(1).toBuilder().expiration(e -> e.days(1)).build());
        vault.s3().putBucketLifecycleConfiguration(r -> r.bucket(vault.bucket()).lifecycleConfiguration(c -> c.rules(edited)));

        assertTrue(pass("nightly", false).ok());
        assertEquals(LifecycleRules.desired(policy(), ""), rules());

        LifecycleRule impostor = LOGS.toBuilder().id("strata-nightly-tier").build();
        vault.s3().putBucketLifecycleConfiguration(r -> r.bucket(vault.bucket()).lifecycleConfiguration(c -> c.rules(impostor)));
        calls.reset();

        for (boolean dryRun : List.of(true, false)) {
            ArchiveReport report = pass("nightly", dryRun);

            assertFalse(report.ok(), "dry run " + dryRun);
            assertTrue(report.problems().stream().anyMatch(p -> p.contains("The lifecycle rule 'strata-nightly-tier' of s3://"
                    + vault.bucket() + " has an ID Strata needs for plan nightly but is not Strata's")),
                    report.problems()::toString);
        }
        assertEquals(List.of(impostor), rules());
        assertEquals(0, calls.ruleWrites.get() + calls.tagWrites.get());
    }

    @Test
    void twoPlansReconciledAtOnceKeepForeignRulesAndTheNextPassRestoresAnyLostRule() throws Exception {
        vault.s3().putBucketLifecycleConfiguration(r -> r.bucket(vault.bucket()).lifecycleConfiguration(c -> c.rules(LOGS)));
        settings.properties().setProperty("strata.plan.weekly.cron", "0 0 3 ? * SUN");
        settings.properties().setProperty("strata.plan.weekly.resources", "dynamodb:" + table);
        settings.properties().setProperty("strata.plan.weekly.retention", "weekly=8");
        settings.properties().setProperty("strata.plan.weekly.tiering-mode", "lifecycle");
        backUpOn("nightly", table, "2026-02-09", "2026-02-10");
        backUpOn("weekly", table, "2026-01-04", "2026-01-11");
        clock.set(AS_OF);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<ArchiveReport>> reports = new ArrayList<>();
            for (String plan : List.of("nightly", "weekly")) {
                reports.add(two.submit(() -> {
                    together.await();
                    return archivist().run(new Archivist.ArchiveOrder(plan, null, false)).get(0);
                }));
            }
            for (java.util.concurrent.Future<ArchiveReport> report : reports) {
                assertTrue(report.get().ok(), () -> report.toString());
            }
        } finally {
            two.shutdownNow();
        }
        assertEquals(LOGS, rules().get(0));

        assertTrue(archivist().run(new Archivist.ArchiveOrder(null, null, false)).stream().allMatch(ArchiveReport::ok));

        List<LifecycleRule> expected = new ArrayList<>(List.of(LOGS));
        expected.addAll(LifecycleRules.desired(policy(), ""));
        expected.addAll(LifecycleRules.desired(ArchivePolicies.from(settings.properties(), plans()).of("weekly"), ""));
        assertEquals(new java.util.HashSet<>(expected), new java.util.HashSet<>(rules()));
        assertEquals(expected.size(), rules().size());
    }

    private ArchivePolicy policy() {
        return ArchivePolicies.from(settings.properties(), plans()).of("nightly");
    }

    private ArchivePolicy policyIn(String mode) {
        String before = settings.properties().getProperty("strata.plan.nightly.tiering-mode");
        settings.properties().setProperty("strata.plan.nightly.tiering-mode", mode);
        try {
            return policy();
        } finally {
            settings.properties().setProperty("strata.plan.nightly.tiering-mode", before);
        }
    }

    private PlanCatalog plans() {
        return PlanCatalog.from(settings.properties(), Services.selectors()::parse);
    }

    private Archivist archivist() {
        return new Archivist(plans(), ArchivePolicies.from(settings.properties(), plans()), services, vault, clock,
                new StopSignal());
    }

    private ArchiveReport pass(String plan, boolean dryRun) {
        clock.set(AS_OF);
        return archivist().run(new Archivist.ArchiveOrder(plan, null, dryRun)).get(0);
    }

    private Map<String, RecoveryPoint> backUpOn(String plan, String resource, String... days) {
        Map<String, RecoveryPoint> byDay = new TreeMap<>();
        for (String day : days) {
            clock.set(Instant.parse(day + "T02:00:00Z"));
            byDay.put(day, services.get("dynamodb").backup(resource, plan));
        }
        return byDay;
    }

    private List<LifecycleRule> rules() {
        return vault.s3().getBucketLifecycleConfiguration(r -> r.bucket(vault.bucket())).rules();
    }

    private int expiration(String id) {
        return rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().expiration().days();
    }

    /** The strata-gfs tag of each remaining recovery point, by day; every object of one must agree. */
    private Map<String, String> gfsTags(Map<String, RecoveryPoint> points) {
        Map<String, String> byDay = new TreeMap<>();
        points.forEach((day, point) -> {
            List<String> values = objects(point.key()).keySet().stream().map(key -> tagsOf(key).get("strata-gfs")).distinct()
                    .toList();
            if (!values.isEmpty()) {
                assertEquals(1, values.size(), day + " has objects tagged " + values);
                byDay.put(day, values.get(0));
            }
        });
        return byDay;
    }

    private Map<String, String> tagsOf(String key) {
        return vault.s3().getObjectTagging(r -> r.bucket(vault.bucket()).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private Map<String, S3Object> objects(String prefix) {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, o -> o, (a, b) -> a, TreeMap::new));
    }

    private String dataFileOf(RecoveryPoint point) {
        return objects(point.key()).keySet().stream().filter(k -> k.endsWith(".json.gz")).findFirst().orElseThrow();
    }

    /** Whether S3 applies the rule to the object: its prefix, every tag of the filter, the size strictly above. */
    private static boolean matches(LifecycleRule rule, S3Object object, Map<String, String> tags) {
        LifecycleRuleAndOperator and = rule.filter().and();
        if (and == null) {
            return rule.filter().prefix() != null && object.key().startsWith(rule.filter().prefix());
        }
        return object.key().startsWith(and.prefix())
                && and.tags().stream().allMatch(t -> t.value().equals(tags.get(t.key())))
                && (and.objectSizeGreaterThan() == null || object.size() > and.objectSizeGreaterThan())
                && (and.objectSizeLessThan() == null || object.size() < and.objectSizeLessThan());
    }

    /** Days after which S3 expires the object under the rules (the soonest matching one), or never. */
    private static long expiresAfter(List<LifecycleRule> rules, S3Object object, Map<String, String> tags) {
        return rules.stream().filter(r -> r.expiration() != null && matches(r, object, tags))
                .mapToLong(r -> r.expiration().days()).min().orElse(Long.MAX_VALUE);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /** Counts the writes a pass makes to rules and tags; can refuse tag writes, as a pass killed there would stop. */
    private static final class Calls implements ExecutionInterceptor {
        final AtomicInteger ruleWrites = new AtomicInteger();
        final AtomicInteger ruleDeletes = new AtomicInteger();
        final AtomicInteger tagWrites = new AtomicInteger();
        volatile boolean failTagging;
        volatile int tagWritesAllowed = Integer.MAX_VALUE;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutBucketLifecycleConfigurationRequest) {
                ruleWrites.incrementAndGet();
            } else if (context.request() instanceof DeleteBucketLifecycleRequest) {
                ruleDeletes.incrementAndGet();
            } else if (context.request() instanceof PutObjectTaggingRequest) {
                if (failTagging || tagWrites.get() >= tagWritesAllowed) {
                    throw new IllegalStateException("tagging refused by the test");
                }
                tagWrites.incrementAndGet();
            }
        }

        void reset() {
            tagWritesAllowed = Integer.MAX_VALUE;
            ruleWrites.set(0);
            ruleDeletes.set(0);
            tagWrites.set(0);
        }
    }
}
