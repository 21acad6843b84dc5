package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.RestoreRequest;
import io.strata.service.StopSignal;
import io.strata.support.Faults;
import io.strata.support.RegionalBuckets;
import io.strata.support.S3Calls;
import io.strata.support.S3CopyChecksums;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The second copy (3-2-1) end to end on S3Mock and DynamoDB Local: plan runs through the routes,
 * copies in a second bucket, the archive pass over both. S3's checksum on copy is added by
 * {@link S3CopyChecksums} (S3Mock has none) unless a test asks for a store without it.
 */
class VaultCopyIT {

    private static final String PLAN = "nightly";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-02-10T02:00:00Z"));
    private final S3Calls calls = new S3Calls();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String table;
    private String primaryBucket;
    private String secondBucket;
    private AwsClients raw;
    private AwsClients clients;
    private Vault vault;
    private Vault second;
    private PlanCatalog plans;
    private StrataRuntime runtime;

    @BeforeEach
    void names() throws Exception {
        table = TestAws.unique("orders");
        primaryBucket = TestAws.unique("vault");
        secondBucket = TestAws.unique("vault-dr");
        raw = TestAws.clients(TestAws.settings("unused"));
        closing.add(raw);
        Tables.create(raw.dynamoDb(), table);
        // ~240 KB of random bytes: one data file above the 128 KB minimum tiering size.
        Tables.putIncompressible(raw.dynamoDb(), table, 60, 11);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** Strata with a plan copying to {@code copyToVault}, the second bucket made unless {@code create} is false. */
    private void open(String copyToVault, boolean create, List<ExecutionInterceptor> faults, String... extra) {
        List<String> settings = new ArrayList<>(List.of("strata.dynamodb.segments", "1",
                "strata.plan." + PLAN + ".cron", "0 0 2 * * ?",
                "strata.plan." + PLAN + ".resources", "dynamodb:" + table,
                "strata.plan." + PLAN + ".copy-to-vault", copyToVault));
        settings.addAll(List.of(extra));
        Properties properties = TestAws.properties(primaryBucket, settings.toArray(String[]::new));
        StrataSettings strata = StrataSettings.from(properties);
        List<ExecutionInterceptor> interceptors = new ArrayList<>(faults);
        interceptors.add(calls);
        clients = TestAws.clients(strata, interceptors.toArray(ExecutionInterceptor[]::new));
        closing.add(clients);
        vault = TestAws.vault(clients, strata);
        if (create) {
            raw.s3().createBucket(r -> r.bucket(secondBucket));
        }
        second = vault.inBucket(secondBucket);
        plans = PlanCatalog.from(properties, Services.selectors()::parse);
        try {
            runtime = Composition.of(Path.of("").toAbsolutePath(), strata, plans, clients, vault, clock,
                    new StopSignal()).runtime().start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        closing.add(runtime);
    }

    private void open(String... extra) {
        open(secondBucket, true, List.of(new S3CopyChecksums(raw.s3())), extra);
    }

    private RunReport backUp() {
        BackupPlan plan = plans.require(PLAN);
        return runtime.run(BackupRequest.of(BackupRequest.CLI, PLAN, plan.resources(), clock.instant()));
    }

    @Test
    void aPlanBackupLandsInBothVaultsWithIdenticalBytesAndItsDescriptorLast() {
        open();

        RunReport report = backUp();

        assertTrue(report.success(), report.summary());
        String key = report.outcomes().get(0).recoveryPoint();
        Map<String, byte[]> primary = contents(vault.bucket(), key);
        Map<String, byte[]> copy = contents(secondBucket, key);
        assertEquals(primary.keySet(), copy.keySet());
        assertTrue(primary.keySet().stream().anyMatch(k -> k.endsWith(".json.gz")), primary.keySet().toString());
        primary.forEach((object, bytes) -> assertArrayEquals(bytes, copy.get(object), object + " differs in the copy"));
        List<S3Calls.Call> writes = writesInto(secondBucket);
        assertEquals(key + RecoveryPointKey.DESCRIPTOR, writes.get(writes.size() - 1).key(), writes.toString());
        assertEquals("PutObject", writes.get(writes.size() - 1).operation());
        assertEquals(primary.size() - 1, writes.stream().filter(w -> w.operation().equals("CopyObject")).count());
        // Checked by S3's own SHA-256 of each copy: nothing was read back from the second vault.
        assertTrue(calls.to(secondBucket).stream().noneMatch(c -> c.operation().equals("GetObject")), calls.to(secondBucket).toString());
        for (String object : copy.keySet()) {
            assertEquals("AES256", raw.s3().headObject(r -> r.bucket(secondBucket).key(object)).serverSideEncryptionAsString(),
                    object + " is not encrypted in the second vault");
        }
        RecoveryPoint copied = second.read(RecoveryPointKey.parse(key));
        assertTrue(runtimeVerify(copied).ok());
    }

    @Test
    void aCopyFailingHalfWayLeavesNoDescriptorFailsTheOutcomeAndTheArchivePassCompletesIt() {
        Faults.FailCopyInto failure = new Faults.FailCopyInto(secondBucket, "manifest-files.json");
        open(secondBucket, true, List.of(failure, new S3CopyChecksums(raw.s3())));

        RunReport report = backUp();

        assertFalse(report.success(), report.summary());
        ResourceOutcome outcome = report.outcomes().get(0);
        String key = outcome.recoveryPoint();
        assertNotNull(key, "the outcome names the committed recovery point");
        for (String part : List.of("is committed in s3://" + vault.bucket(), "its copy to s3://" + secondBucket,
                "strata.plan.nightly.copy-to-vault", "injected: connection reset", "strata archive --plan nightly")) {
            assertTrue(outcome.error().contains(part), () -> outcome.error() + " does not say " + part);
        }
        assertTrue(report.summary().contains("FAIL  dynamodb:" + table), report.summary());
        assertEquals(List.of(key), vault.list(p -> true).points().stream().map(RecoveryPoint::key).toList());
        assertFalse(contents(secondBucket, key).containsKey(key + RecoveryPointKey.DESCRIPTOR));
        assertTrue(second.list(p -> true).points().isEmpty(), "the half copy looks committed");
        failure.armed = false;

        List<ArchiveReport> reports = runtime.archive(new Archivist.ArchiveOrder(PLAN, null, false));

        ArchiveReport there = reports.get(1);
        assertEquals(secondBucket, there.bucket());
        assertTrue(there.ok(), there.problems().toString());
        assertEquals(List.of(key), there.copied());
        assertSameBytes(key);
        assertEquals(1, reports.get(0).outcomes().size());
        assertEquals(List.of(), runtime.archive(new Archivist.ArchiveOrder(PLAN, null, false)).get(1).copied(),
                "a second pass copies nothing again");
    }

    @Test
    void anObjectTamperedInTheSecondVaultIsNotTrustedAndIsCopiedAgain() {
        Faults.FailCopyInto failure = new Faults.FailCopyInto(secondBucket, ".json.gz");
        open(secondBucket, true, List.of(failure, new S3CopyChecksums(raw.s3())));
        String key = backUp().outcomes().get(0).recoveryPoint();
        // What made it before the failure depends on the parallel copies' timing: take it as it is, and
        // put a tampered manifest there whether or not its copy was among them.
        Map<String, byte[]> halfCopied = contents(secondBucket, key);
        assertFalse(halfCopied.containsKey(key + RecoveryPointKey.DESCRIPTOR), halfCopied.keySet().toString());
        Map<String, byte[]> primary = contents(vault.bucket(), key);
        String victim = primary.keySet().stream().filter(k -> k.endsWith("manifest-files.json")).findFirst().orElseThrow();
        byte[] tampered = primary.get(victim).clone();
        tampered[tampered.length / 2] ^= 1;
        // Same size, and a SHA-256 stored by S3 — of the tampered bytes.
        raw.s3().putObject(r -> r.bucket(secondBucket).key(victim).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(tampered));
        failure.armed = false;
        calls.clear();

        ArchiveReport there = runtime.archive(new Archivist.ArchiveOrder(PLAN, null, false)).get(1);

        assertTrue(there.ok(), there.problems().toString());
        assertSameBytes(key);
        List<String> copiedAgain = writesInto(secondBucket).stream().filter(w -> w.operation().equals("CopyObject"))
                .map(S3Calls.Call::key).sorted().toList();
        List<String> expected = new ArrayList<>(primary.keySet());
        expected.removeAll(halfCopied.keySet());
        expected.remove(key + RecoveryPointKey.DESCRIPTOR);
        expected.remove(victim);
        expected.add(victim);
        assertEquals(expected.stream().sorted().toList(), copiedAgain, "only the missing and the tampered object are copied");
    }

    @Test
    void aSourceChangedSinceTheBackupIsNeverCommittedInTheSecondVault() {
        Faults.FailCopyInto failure = new Faults.FailCopyInto(secondBucket, ".json.gz");
        open(secondBucket, true, List.of(failure, new S3CopyChecksums(raw.s3())));
        String key = backUp().outcomes().get(0).recoveryPoint();
        String dataFile = contents(vault.bucket(), key).keySet().stream().filter(k -> k.endsWith(".json.gz"))
                .findFirst().orElseThrow();
        byte[] bytes = raw.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(dataFile)).asByteArray();
        bytes[100] ^= 1;
        raw.s3().putObject(r -> r.bucket(vault.bucket()).key(dataFile), RequestBody.fromBytes(bytes));
        failure.armed = false;

        ArchiveReport there = runtime.archive(new Archivist.ArchiveOrder(PLAN, null, false)).get(1);

        assertFalse(there.ok());
        String problem = String.join("\n", there.problems());
        assertTrue(problem.contains(dataFile.substring(key.length())) && problem.contains("changed since the backup"), problem);
        assertFalse(contents(secondBucket, key).containsKey(key + RecoveryPointKey.DESCRIPTOR));
        assertFalse(contents(secondBucket, key).containsKey(dataFile), "the bad copy was left behind");
    }

    @Test
    void withoutS3ChecksumsEachCopyIsReadBackAndAnyDifferenceIsCaught() {
        open(secondBucket, true, List.of());

        RunReport report = backUp();

        assertTrue(report.success(), report.summary());
        String key = report.outcomes().get(0).recoveryPoint();
        assertSameBytes(key);
        long readBack = calls.to(secondBucket).stream().filter(c -> c.operation().equals("GetObject")).count();
        assertEquals(contents(vault.bucket(), key).size() - 1, readBack, "every copied object is read back once");
    }

    @Test
    void aRecoveryPointRestoresFromTheSecondVaultWithTheSameItems() {
        open();
        String key = backUp().outcomes().get(0).recoveryPoint();
        String target = TestAws.unique("restored");

        runtime.restore("s3://" + secondBucket + "/" + key, new RestoreRequest(target, Map.of()));

        assertEquals(Tables.scanAll(raw.dynamoDb(), table), Tables.scanAll(raw.dynamoDb(), target));
        assertTrue(runtime.verify("s3://" + secondBucket + "/" + key).ok());
    }

    @Test
    void aSecondVaultInAnotherRegionIsWrittenThroughThatRegionAndReadFromAnywhere() {
        open(secondBucket + ",us-west-2", true, List.of(new RegionalBuckets(Map.of(secondBucket, "us-west-2")),
                new S3CopyChecksums(raw.s3())));

        RunReport report = backUp();

        assertTrue(report.success(), report.summary());
        String key = report.outcomes().get(0).recoveryPoint();
        assertEquals(List.of("us-west-2"), writesInto(secondBucket).stream().map(S3Calls.Call::region).distinct().toList());
        assertSameBytes(key);
        // The home-region client follows S3's redirect to the bucket's region: list and restore need no setting.
        assertEquals(List.of(key), vault.inBucket(secondBucket).list(p -> true).points().stream().map(RecoveryPoint::key).toList());
        String target = TestAws.unique("restored");
        runtime.restore("s3://" + secondBucket + "/" + key, new RestoreRequest(target, Map.of()));
        assertEquals(Tables.scanAll(raw.dynamoDb(), table), Tables.scanAll(raw.dynamoDb(), target));
    }

    @Test
    void theRegionOfASecondVaultIsFoundWhenNotNamedAndAWrongOneIsRefused() {
        open(secondBucket, true, List.of(new RegionalBuckets(Map.of(secondBucket, "us-west-2")),
                new S3CopyChecksums(raw.s3())));
        assertTrue(backUp().success());
        assertEquals(List.of("us-west-2"), writesInto(secondBucket).stream().map(S3Calls.Call::region).distinct().toList());

        String other = TestAws.unique("vault-dr");
        raw.s3().createBucket(r -> r.bucket(other));
        open(other + ",eu-west-1", false, List.of(new RegionalBuckets(Map.of(other, "us-west-2"))));
        ResourceOutcome outcome = backUp().outcomes().get(0);
        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("Second vault bucket '" + other + "' is in us-west-2, not in eu-west-1 as "
                + "strata.plan.nightly.copy-to-vault says"), outcome.error());
    }

    @Test
    void aMissingSecondBucketFailsTheCopyNamingItAndIsCreatedOnlyWhenAsked() {
        open(secondBucket, false, List.of(), "strata.vault.create-bucket", "false");

        ResourceOutcome outcome = backUp().outcomes().get(0);

        assertFalse(outcome.success());
        assertTrue(outcome.error().contains("Second vault bucket '" + secondBucket + "' (strata.plan.nightly.copy-to-vault) "
                + "does not exist: create it, or set strata.vault.create-bucket=true"), outcome.error());
        assertEquals(1, vault.list(p -> true).points().size(), "the primary recovery point stays");

        open(secondBucket, false, List.of(), "strata.vault.create-bucket", "true");
        assertTrue(backUp().success());
        assertEquals(1, second.list(p -> true).points().size());
    }

    @Test
    void theArchivePassCompletesMissingCopiesThenExpiresAndTiersInBothVaults() {
        open("strata.plan." + PLAN + ".retention", "daily=3,monthly=12",
                "strata.plan." + PLAN + ".tiering", "5d:GLACIER_IR,100d:DEEP_ARCHIVE");
        String[] days = {"2026-01-10", "2026-01-20", "2026-01-31", "2026-02-05", "2026-02-08", "2026-02-09", "2026-02-10"};
        Map<String, String> keys = new TreeMap<>();
        for (String day : days) {
            clock.set(Instant.parse(day + "T02:00:00Z"));
            RunReport report = backUp();
            assertTrue(report.success(), report.summary());
            keys.put(day, report.outcomes().get(0).recoveryPoint());
        }
        // One copy lost (e.g. deleted by hand): the pass brings it back before it applies the retention.
        second.delete(keys.get("2026-02-08") + RecoveryPointKey.DESCRIPTOR);
        clock.set(Instant.parse("2026-02-10T12:00:00Z"));

        List<ArchiveReport> reports = runtime.archive(new Archivist.ArchiveOrder(PLAN, null, false));

        assertEquals(List.of(vault.bucket(), secondBucket), reports.stream().map(ArchiveReport::bucket).toList());
        reports.forEach(r -> assertTrue(r.ok(), r.problems().toString()));
        assertEquals(List.of(keys.get("2026-02-08")), reports.get(1).copied());
        List<String> kept = List.of("2026-01-31", "2026-02-08", "2026-02-09", "2026-02-10");
        assertEquals(kept, days(vault));
        assertEquals(kept, days(second));
        for (String expired : List.of("2026-01-10", "2026-01-20", "2026-02-05")) {
            assertEquals(Map.of(), contents(secondBucket, keys.get(expired)), expired + " left objects in the second vault");
        }
        for (Vault each : List.of(vault, second)) {
            classes(each.bucket(), keys.get("2026-01-31")).forEach((object, storageClass) -> assertEquals(
                    object.endsWith(".json.gz") ? "GLACIER_IR" : "STANDARD", storageClass, each.bucket() + " " + object));
        }
    }

    @Test
    void aDryRunNamesTheMissingCopiesAndChangesNothing() {
        Faults.FailCopyInto failure = new Faults.FailCopyInto(secondBucket, ".json.gz");
        open(secondBucket, true, List.of(failure, new S3CopyChecksums(raw.s3())));
        String key = backUp().outcomes().get(0).recoveryPoint();
        Map<String, byte[]> before = contents(secondBucket, key);

        ArchiveReport there = runtime.archive(new Archivist.ArchiveOrder(PLAN, null, true)).get(1);

        assertEquals(List.of(key), there.copied());
        assertEquals(before.keySet(), contents(secondBucket, key).keySet());
    }

    @Test
    void aDryRunCreatesNoSecondBucket() {
        open(secondBucket, false, List.of(), "strata.vault.create-bucket", "false");
        String key = backUp().outcomes().get(0).recoveryPoint();
        open(secondBucket, false, List.of(), "strata.vault.create-bucket", "true");

        ArchiveReport planned = runtime.archive(new Archivist.ArchiveOrder(PLAN, null, true)).get(1);

        assertTrue(planned.ok(), planned.problems().toString());
        assertEquals(List.of(key), planned.copied());
        assertFalse(raw.s3().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(secondBucket)));

        ArchiveReport done = runtime.archive(new Archivist.ArchiveOrder(PLAN, null, false)).get(1);

        assertTrue(done.ok(), done.problems().toString());
        assertEquals(List.of(key), done.copied());
        assertSameBytes(key);
    }

    private io.strata.vault.VerificationReport runtimeVerify(RecoveryPoint point) {
        return runtime.verify("s3://" + secondBucket + "/" + point.key());
    }

    private List<S3Calls.Call> writesInto(String bucket) {
        return calls.to(bucket).stream().filter(c -> List.of("PutObject", "CopyObject", "CompleteMultipartUpload")
                .contains(c.operation())).toList();
    }

    private void assertSameBytes(String key) {
        Map<String, byte[]> primary = contents(vault.bucket(), key);
        Map<String, byte[]> copy = contents(secondBucket, key);
        assertEquals(primary.keySet(), copy.keySet());
        primary.forEach((object, bytes) -> assertArrayEquals(bytes, copy.get(object), object + " differs in the copy"));
    }

    private Map<String, byte[]> contents(String bucket, String prefix) {
        return raw.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, o -> raw.s3().getObjectAsBytes(r -> r.bucket(bucket)
                        .key(o.key())).asByteArray(), (a, b) -> a, TreeMap::new));
    }

    private Map<String, String> classes(String bucket, String prefix) {
        return raw.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, o -> o.storageClassAsString() == null ? "STANDARD"
                        : o.storageClassAsString(), (a, b) -> a, TreeMap::new));
    }

    private static List<String> days(Vault in) {
        return in.list(p -> true).points().stream().map(p -> p.startedAt().toString().substring(0, 10)).sorted().toList();
    }
}
