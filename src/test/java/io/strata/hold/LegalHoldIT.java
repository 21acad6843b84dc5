package io.strata.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.archive.ArchiveDecision;
import io.strata.archive.ArchiveReport;
import io.strata.archive.Archivist;
import io.strata.archive.Forgetting;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopies;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.EnforcedObjectLock;
import io.strata.support.HiddenDeleteMarkers;
import io.strata.support.S3MockLifecycleTags;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Legal holds on S3Mock and DynamoDB Local: a held point survives an archive pass that would expire it and the
 * lifecycle rules the pass reconciles (matched against its objects as S3 documents: prefix and every tag), gets an
 * S3 legal hold on each object in an Object Lock vault, and is refused by forget; release undoes all of it.
 */
class LegalHoldIT {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-10T02:00:00Z"));
    private StrataSettings settings;
    private AwsClients plain;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;
    private String table;

    private void start(boolean locked) throws Exception {
        table = TestAws.unique("held");
        String[] base = {"strata.dynamodb.segments", "1", "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + table, "strata.plan.nightly.retention", "daily=1",
                "strata.plan.nightly.tiering", "5d:GLACIER_IR", "strata.plan.nightly.tiering-mode", "lifecycle"};
        settings = locked ? TestAws.settings(TestAws.unique("held-locked"), concat(base, "strata.vault.lock-days", "1"))
                : TestAws.settings(TestAws.unique("held"), base);
        plain = TestAws.clients(settings, new S3MockLifecycleTags());
        clients = locked ? TestAws.clients(settings, new EnforcedObjectLock(plain.s3(), clock), new S3MockLifecycleTags(),
                new HiddenDeleteMarkers(plain.s3()))
                : plain;
        vault = Vault.from(clients.s3(), settings, clock);
        vault.checkBucket(true);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "held")));
    }

    @AfterEach
    void stop() {
        if (clients != null && clients != plain) {
            clients.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    @Test
    void aHeldPointSurvivesTheArchivePassAndEveryLifecycleRuleUntilReleased() throws Exception {
        start(false);
        RecoveryPoint held = backUpOn("2026-01-10");
        RecoveryPoint expiring = backUpOn("2026-01-20");
        backUpOn("2026-02-10");
        // Planted beside a point that is not held: no exact hold key, so it holds nothing.
        put(RecoveryPointKey.parse(expiring.key()).prefix() + "holds/notes.txt", "not a hold");
        put(RecoveryPointKey.parse(expiring.key()).prefix() + "holds/x/20260101T000000Z-0123abcd.json", "{}");
        Holds holds = new Holds(vault, clock);

        HoldOutcome outcome = holds.hold(new HoldOrder(held.key(), "case 42: litigation", "cli"));

        assertEquals(1, outcome.holds().size());
        assertEquals("case 42: litigation", outcome.holds().get(0).reason());
        assertEquals(System.getProperty("user.name"), outcome.holds().get(0).heldBy());
        assertTrue(vault.list(p -> true).holdsOf(held).size() == 1, "list sees the hold in its own listing");
        List<String> before = objects(held.key()).keySet().stream().toList();

        clock.set(Instant.parse("2026-02-10T12:00:00Z"));
        ArchiveReport report = pass();

        assertTrue(report.ok(), report.problems().toString());
        assertEquals(ArchiveDecision.Action.HOLD, actionOf(report, held));
        assertEquals(ArchiveDecision.Action.EXPIRE, actionOf(report, expiring));
        assertEquals(before, objects(held.key()).keySet().stream().toList(), "the held point is whole");
        assertTrue(objects(expiring.key()).isEmpty(), "planted hold-like objects held nothing");
        List<LifecycleRule> rules = vault.s3().getBucketLifecycleConfiguration(r -> r.bucket(vault.bucket())).rules();
        assertFalse(rules.isEmpty());
        for (S3Object object : objects(held.key()).values()) {
            Map<String, String> tags = tagsOf(object.key());
            assertTrue(rules.stream().noneMatch(rule -> matches(rule, object, tags)), object.key() + " " + tags);
        }

        HoldOutcome released = holds.release(new HoldOrder(held.key(), null, "cli"));

        assertEquals(1, released.holds().size());
        assertFalse(holds.of(RecoveryPointKey.parse(held.key())).held());
        assertEquals(ArchiveDecision.Action.EXPIRE, actionOf(pass(), held), "released, the rules apply again");
        assertTrue(objects(held.key()).isEmpty());
        assertThrows(IllegalStateException.class, () -> holds.release(new HoldOrder(backUpOn("2026-02-11").key(), null,
                "cli")), "a point without a hold has nothing to release");
    }

    @Test
    void inAnObjectLockVaultEachObjectGetsAnS3LegalHoldAndForgetRefuses() throws Exception {
        start(true);
        RecoveryPoint point = backUpOn("2030-03-10"); // S3Mock wants retention dates after its own clock
        Holds holds = new Holds(vault, clock);

        HoldOutcome outcome = holds.hold(new HoldOrder(point.key(), "audit", "jmx"));

        assertTrue(outcome.objectLock());
        Map<String, S3Object> objects = objects(point.key());
        for (String key : objects.keySet()) {
            assertEquals(!RecoveryPointKey.parse(point.key()).holdObject(key), legalHoldOn(key), key);
        }
        Forgetting forgetting = forgetting(holds);
        Forgetting.Target target = forgetting.find(point.key());
        assertTrue(target.refusal().orElseThrow().contains("legal hold: held since"), target.refusal().get());
        assertTrue(target.refusal().get().contains("(jmx): audit"), target.refusal().get());

        holds.release(new HoldOrder(point.key(), null, "cli"));

        for (String key : objects(point.key()).keySet()) {
            assertFalse(legalHoldOn(key), key);
        }
        assertTrue(objects(point.key()).keySet().stream().noneMatch(k -> k.contains("/holds/")));
        clock.set(Instant.parse("2030-03-12T02:00:00Z")); // past lock-days=1
        Forgetting.Target later = forgetting(holds).find(point.key());
        assertTrue(later.refusal().isEmpty(), later.refusal().toString());
    }

    private Forgetting forgetting(Holds holds) {
        PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        ArchivePolicies policies = ArchivePolicies.from(settings.properties(), plans);
        return new Forgetting(services, vault, policies, new VaultCopies(policies, vault, region -> clients.s3(), false,
                () -> false), clock, holds::heldBecause);
    }

    private ArchiveReport pass() {
        PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        return new Archivist(plans, ArchivePolicies.from(settings.properties(), plans), services, vault, clock,
                new StopSignal()).run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
    }

    private static ArchiveDecision.Action actionOf(ArchiveReport report, RecoveryPoint point) {
        return report.outcomes().stream().filter(o -> o.decision().point().key().equals(point.key())).findFirst()
                .orElseThrow().decision().action();
    }

    private RecoveryPoint backUpOn(String day) {
        clock.set(Instant.parse(day + "T02:00:00Z"));
        return services.get("dynamodb").backup(table, "nightly");
    }

    private void put(String key, String body) {
        plain.s3().putObject(r -> r.bucket(vault.bucket()).key(key), RequestBody.fromString(body));
    }

    private boolean legalHoldOn(String key) {
        try {
            return plain.s3().getObjectLegalHold(r -> r.bucket(vault.bucket()).key(key)).legalHold().status()
                    == ObjectLockLegalHoldStatus.ON;
        } catch (S3Exception e) { // S3Mock: an object never given a legal hold has none to read
            return false;
        }
    }

    private Map<String, String> tagsOf(String key) {
        return plain.s3().getObjectTagging(r -> r.bucket(vault.bucket()).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private Map<String, S3Object> objects(String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, o -> o, (a, b) -> a, TreeMap::new));
    }

    /** Whether S3 applies the rule to the object: its prefix, every tag of the filter, the size strictly above. */
    private static boolean matches(LifecycleRule rule, S3Object object, Map<String, String> tags) {
        LifecycleRuleAndOperator and = rule.filter().and();
        if (and == null) {
            return rule.filter().prefix() != null && object.key().startsWith(rule.filter().prefix());
        }
        return object.key().startsWith(and.prefix())
                && and.tags().stream().allMatch(t -> t.value().equals(tags.get(t.key())))
                && (and.objectSizeGreaterThan() == null || object.size() > and.objectSizeGreaterThan());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
