package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.service.Waiter;
import io.strata.support.DynamoDbProxy;
import io.strata.support.SettableClock;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptTiming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The native-backup mode and point-in-time recovery, through the real SDK client talking to
 * {@link DynamoDbProxy} (DynamoDB Local plus the backup, PITR, tag and encryption calls it lacks): a plan run
 * listed, verified and restored; expiry deleting Strata's backup only; ensure-pitr; restores to a point in
 * time; the settings AWS does not restore put back; an abandoned attempt swept by the rerun.
 */
class NativeBackupIT {

    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/orders-key";

    private static DynamoDbProxy proxy;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static Vault vault;
    private static String bucket;

    @BeforeAll
    static void start() {
        proxy = DynamoDbProxy.start();
        bucket = TestAws.unique("vault");
        StrataSettings settings = TestAws.settings(bucket, proxy.setting());
        clients = TestAws.clients(settings);
        dynamoDb = clients.dynamoDb();
        vault = TestAws.vault(clients, settings);
        // The CLI is not in local mode: the default credential chain, which reads these (as CliIT does).
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
        proxy.close();
    }

    /** The CLI as a user runs it, aimed at the proxy, polling fast. */
    private static StrataCli.Result strata(String... args) {
        List<String> all = new ArrayList<>(StrataCli.against(bucket));
        all.removeIf(a -> a.startsWith("-Dstrata.aws.endpoint.dynamodb="));
        all.add("-Dstrata.aws.endpoint.dynamodb=" + proxy.endpoint());
        all.add("-Dstrata.dynamodb.backup-poll-interval=20ms");
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    private static DynamoDbService service(Properties plans, SettableClock clock, AttemptTiming timing) {
        DynamoDbSettings options = DynamoDbSettings.from(new Properties());
        NativeSettings natives = new NativeSettings(Duration.ofMillis(20), Duration.ofMinutes(2), Duration.ofMinutes(2), 7);
        return new DynamoDbService(dynamoDb, vault, options, new DynamoDbPlans(plans),
                new TableExporter(dynamoDb, vault, options, clock, "us-east-1"),
                new NativeExporter(dynamoDb, vault, NativeExportSettings.defaults(), clock, "us-east-1", timing,
                        new Waiter(Duration.ofMillis(20))), NativeExportSettings.defaults(), () -> false, natives, clock,
                timing, new Waiter(Duration.ofMillis(20)));
    }

    private static Properties nativePlan(boolean ensurePitr) {
        Properties plans = new Properties();
        plans.setProperty("strata.plan.nightly.dynamodb.mode", "native-backup");
        plans.setProperty("strata.plan.nightly.dynamodb.ensure-pitr", String.valueOf(ensurePitr));
        return plans;
    }

    private static void items(String table, int count, String text) throws Exception {
        Tables.put(dynamoDb, table, IntStream.range(0, count).mapToObj(i -> Tables.simple("p" + i, i, text)).toList());
    }

    private static String arnOf(String table) {
        return dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
    }

    @Test
    void aPlanRunMakesABackupThatIsListedVerifiedAndRestoredWithEqualContent() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        items(table, 40, "v");
        String target = TestAws.unique("restored");

        StrataCli.Result run = strata("-Dstrata.plan.nightly.cron=0 0 2 * * ?", "-Dstrata.plan.nightly.resources=dynamodb:"
                + table, "-Dstrata.plan.nightly.dynamodb.mode=native-backup", "run", "--plan", "nightly", "--once");
        assertEquals(0, run.code(), run.out() + run.err());
        RecoveryPoint point = vault.list(p -> p.resource().equals("dynamodb:" + table)).points().get(0);
        StrataCli.Result listed = strata("list", "dynamodb:" + table);
        StrataCli.Result verified = strata("verify", point.key());
        StrataCli.Result restored = strata("restore", point.key(), "--to", target);

        assertEquals("native-backup", point.mode());
        assertEquals(List.of(NativeBackupDetails.of(point).backupArn()), proxy.backups().of(table));
        assertTrue(NativeBackupDetails.of(point).backupName().startsWith("strata-" + point.key().substring(
                point.key().lastIndexOf('/', point.key().length() - 2) + 1, point.key().length() - 1)), point.key());
        assertTrue(listed.out().contains(point.key()), listed.out() + listed.err());
        assertEquals(0, verified.code(), verified.out() + verified.err());
        assertEquals(0, restored.code(), restored.out() + restored.err());
        assertEquals(Tables.scanAll(dynamoDb, table), Tables.scanAll(dynamoDb, target));
        assertTrue(restored.out().contains("auto scaling"), restored.out());
    }

    @Test
    void expiryDeletesStrataBackupOnlyAndVerifyThenSaysItIsGone() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        items(table, 5, "v");
        DynamoDbService service = service(nativePlan(false), new SettableClock(Instant.now()), AttemptTiming.DEFAULT);
        String foreign = dynamoDb.createBackup(r -> r.tableName(table).backupName("nightly-by-hand")).backupDetails()
                .backupArn();
        RecoveryPoint point = service.backup(table, "nightly");

        assertTrue(service.verify(vault, point).ok(), service.verify(vault, point).problems().toString());
        assertFalse(service.livesInVault(point), "an S3 lifecycle rule must not expire it: its backup would stay");
        service.expire(point);
        service.expire(point);

        assertEquals(List.of(foreign), proxy.backups().of(table), "the foreign backup of the same table stays");
        assertTrue(service.verify(vault, point).problems().get(0).contains("not found"));
    }

    @Test
    void ensurePitrTurnsItOnOnceWithThePeriodSetAndKeepsTheWindow() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        DynamoDbService service = service(nativePlan(true), new SettableClock(Instant.now()), AttemptTiming.DEFAULT);

        RecoveryPoint first = service.backup(table, "nightly");
        PointInTimeRecoveryDescription on = pitr(table);
        service.backup(table, "nightly");
        PointInTimeRecoveryDescription again = pitr(table);

        assertEquals(PointInTimeRecoveryStatus.ENABLED, on.pointInTimeRecoveryStatus());
        assertEquals(7, on.recoveryPeriodInDays());
        assertEquals(on.earliestRestorableDateTime(), again.earliestRestorableDateTime(), "turned on once");
        assertEquals(7, TableSchema.of(first).orElseThrow().pitrDays(), "the descriptor records it");
    }

    private static PointInTimeRecoveryDescription pitr(String table) {
        return dynamoDb.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription();
    }

    @Test
    void pointInTimeRestoresLatestAndATimeBetweenTwoWritesAndRefusesOutsideTheWindow() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        SettableClock clock = new SettableClock(Instant.parse("2026-11-20T10:00:00Z"));
        proxy.continuousBackups().useClock(clock);
        try {
            items(table, 3, "before");
            dynamoDb.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(s -> s
                    .pointInTimeRecoveryEnabled(true)));
            clock.set(Instant.parse("2026-11-20T10:10:00Z"));
            items(table, 5, "first");
            Map<String, Map<String, AttributeValue>> atFirst = Tables.scanAll(dynamoDb, table);
            clock.set(Instant.parse("2026-11-20T10:20:00Z"));
            items(table, 2, "second");
            dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("p4"), "sk",
                    AttributeValue.fromN("4"))));
            Map<String, Map<String, AttributeValue>> latest = Tables.scanAll(dynamoDb, table);
            clock.set(Instant.parse("2026-11-20T10:30:00Z"));
            String between = TestAws.unique("between");
            String last = TestAws.unique("latest");

            StrataCli.Result atTime = strata("restore", "dynamodb:" + table, "--to", between, "--point-in-time",
                    "2026-11-20T10:15:00Z");
            StrataCli.Result atLatest = strata("restore", "dynamodb:" + table, "--to", last, "--point-in-time", "latest");
            StrataCli.Result before = strata("restore", "dynamodb:" + table, "--to", TestAws.unique("early"),
                    "--point-in-time", "2026-11-20T09:00:00Z");
            StrataCli.Result listed = strata("list", "dynamodb:" + table);

            assertEquals(0, atTime.code(), atTime.out() + atTime.err());
            assertEquals(atFirst, Tables.scanAll(dynamoDb, between));
            assertEquals(0, atLatest.code(), atLatest.out() + atLatest.err());
            assertEquals(latest, Tables.scanAll(dynamoDb, last));
            assertTrue(listed.out().contains("dynamodb:" + table + "  earliest 2026-11-20T10:00:00Z  latest "
                    + "2026-11-20T10:30:00Z"), listed.out() + listed.err());
            assertEquals(1, before.code(), before.out() + before.err());
            assertTrue(before.err().contains("outside the restorable window") && before.err().contains("2026-11-20T10:00:00Z"),
                    before.err());
        } finally {
            proxy.continuousBackups().useClock(Clock.systemUTC());
        }
    }

    @Test
    void pointInTimeRestoreOfATableWithoutPitrSaysHowToTurnItOn() {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);

        StrataCli.Result refused = strata("restore", "dynamodb:" + table, "--to", TestAws.unique("x"), "--point-in-time",
                "latest");

        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("ensure-pitr"), refused.err());
    }

    @Test
    void aRestoreFromABackupPutsBackTtlTagsKmsKeyAndPitr() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        items(table, 4, "v");
        dynamoDb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("expiresAt")));
        dynamoDb.tagResource(r -> r.resourceArn(arnOf(table)).tags(t -> t.key("team").value("orders")));
        dynamoDb.updateTable(r -> r.tableName(table).sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS)
                .kmsMasterKeyId(KEY)));
        DynamoDbService service = service(nativePlan(true), new SettableClock(Instant.now()), AttemptTiming.DEFAULT);
        RecoveryPoint point = service.backup(table, "nightly");
        String target = TestAws.unique("restored");

        StrataCli.Result restored = strata("restore", point.key(), "--to", target);

        assertEquals(0, restored.code(), restored.out() + restored.err());
        assertEquals("expiresAt", dynamoDb.describeTimeToLive(r -> r.tableName(target)).timeToLiveDescription()
                .attributeName());
        assertEquals(TimeToLiveStatus.ENABLED, dynamoDb.describeTimeToLive(r -> r.tableName(target))
                .timeToLiveDescription().timeToLiveStatus());
        assertEquals("orders", proxy.tags().of(arnOf(target)).get("team"));
        assertEquals(point.key(), proxy.tags().of(arnOf(target)).get("strata:restored-from"));
        assertEquals(KEY, proxy.encryption().kmsKey(target).orElse("AWS owned key"));
        assertEquals(PointInTimeRecoveryStatus.ENABLED, pitr(target).pointInTimeRecoveryStatus());
        assertEquals(Tables.scanAll(dynamoDb, table), Tables.scanAll(dynamoDb, target));
    }

    @Test
    void anAttemptAbandonedAfterCreateBackupIsSweptByTheRerunWhichCommitsOnePoint() throws Exception {
        String table = TestAws.unique("orders");
        Tables.create(dynamoDb, table);
        items(table, 3, "v");
        SettableClock clock = new SettableClock(Instant.now());
        // Renewed never within the test: the attempt's process is gone once create() returns.
        AttemptTiming timing = new AttemptTiming(Duration.ofHours(1), Duration.ofHours(4));
        DynamoDbService service = service(nativePlan(false), clock, timing);
        proxy.backups().pollsUntilAvailable(0);
        try {
            NativeBackupAttempt dead = service.nativeBackup().create(dynamoDb.describeTable(r -> r.tableName(table))
                    .table(), "nightly");
            clock.advance(Duration.ofHours(5));

            RecoveryPoint point = service.backup(table, "nightly");

            assertEquals(List.of(point.key()), vault.list(p -> p.resource().equals("dynamodb:" + table)).points()
                    .stream().map(RecoveryPoint::key).toList());
            assertEquals(List.of(NativeBackupDetails.of(point).backupArn()), proxy.backups().of(table),
                    "the dead attempt's backup " + dead.backupArn() + " is deleted");
        } finally {
            proxy.backups().pollsUntilAvailable(2);
        }
    }
}
