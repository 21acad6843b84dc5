package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.tiering.ObjectCopy;
import io.strata.tiering.ObjectTiering;
import io.strata.vault.StorageTier;
import io.strata.vault.attempt.AttemptSweeper;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Expiry order and crash safety, versioned buckets and the multipart copy path, on S3Mock. */
class ExpiryIT {

    private final SettableClock clock = new SettableClock(Instant.EPOCH);
    private final AtomicBoolean failDataDeletes = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger heads = new java.util.concurrent.atomic.AtomicInteger();
    private final List<CreateMultipartUploadRequest> multipartUploads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private String table;
    private StrataSettings settings;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;
    private PlanCatalog plans;

    /** A process killed after it deleted the descriptor: every delete of a data file (DeleteObject or DeleteObjects) fails while armed. */
    private final ExecutionInterceptor killedMidExpiry = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateMultipartUploadRequest create) {
                multipartUploads.add(create);
            }
            if (context.request() instanceof software.amazon.awssdk.services.s3.model.HeadObjectRequest) {
                heads.incrementAndGet();
            }
            if (failDataDeletes.get() && context.request() instanceof DeleteObjectRequest delete
                    && delete.key().contains("/data/")) {
                throw new IllegalStateException("killed");
            }
            if (failDataDeletes.get() && context.request() instanceof DeleteObjectsRequest deletes
                    && deletes.delete().objects().stream().anyMatch(o -> o.key().contains("/data/"))) {
                throw new IllegalStateException("killed");
            }
        }
    };

    private void start(String... extra) throws Exception {
        table = TestAws.unique("orders");
        String[] base = {"strata.dynamodb.segments", "1", "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "dynamodb:" + table, "strata.plan.nightly.retention", "daily=1"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        settings = TestAws.settings(TestAws.unique("vault"), all);
        clients = TestAws.clients(settings, killedMidExpiry);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
        Tables.create(clients.dynamoDb(), table);
        Tables.putIncompressible(clients.dynamoDb(), table, 60, 3);
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
    }

    private RecoveryPoint backUpOn(String day) {
        clock.set(Instant.parse(day + "T02:00:00Z"));
        return services.get("dynamodb").backup(table, "nightly");
    }

    private ArchiveReport pass() {
        clock.set(Instant.parse("2026-03-01T12:00:00Z"));
        return new Archivist(plans, ArchivePolicies.from(settings.properties(), plans), services, vault, clock,
                new StopSignal()).run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);
    }

    @Test
    void anExpiryKilledAfterTheDescriptorWentNeverLooksValidAndTheNextPassFinishesIt() throws Exception {
        start();
        RecoveryPoint old = backUpOn("2026-02-01");
        backUpOn("2026-03-01");
        failDataDeletes.set(true);

        ArchiveReport killed = pass();

        assertFalse(killed.ok());
        List<String> left = keysUnder(old.key());
        assertTrue(left.stream().noneMatch(k -> k.endsWith(RecoveryPointKey.DESCRIPTOR)), "descriptor deleted first");
        assertTrue(left.stream().anyMatch(k -> k.endsWith(RecoveryPointKey.EXPIRING)), left.toString());
        assertTrue(left.stream().anyMatch(k -> k.contains("/data/")), left.toString());
        assertEquals(1, vault.list("dynamodb", p -> true).points().size(), "the half-expired one is not listed");
        // The next export's sweep of dead attempts leaves it to the archive (its marker names what remains).
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        new AttemptSweeper(vault, AttemptTiming.DEFAULT, clock).sweep(
                RecoveryPointKey.parse(old.key()).prefix().replace(RecoveryPointKey.parse(old.key()).stamp() + "/", ""), "");
        assertTrue(keysUnder(old.key()).contains(RecoveryPointKey.parse(old.key()).expiringKey()));

        failDataDeletes.set(false);
        ArchiveReport next = pass();

        assertTrue(next.ok(), next.problems().toString());
        assertEquals(List.of(), keysUnder(old.key()));
    }

    @Test
    void onABucketWithoutObjectLockExpiryChecksNoObjectForALock() throws Exception {
        start();
        RecoveryPoint old = backUpOn("2026-02-01");
        backUpOn("2026-03-01");
        heads.set(0);

        ArchiveReport report = pass();

        assertTrue(report.ok(), report.problems().toString());
        assertEquals(ArchiveDecision.Action.EXPIRE, report.outcomes().stream()
                .filter(o -> o.decision().point().key().equals(old.key())).findFirst().orElseThrow().decision().action());
        assertEquals(List.of(), keysUnder(old.key()));
        assertEquals(0, heads.get(), "one GetObjectLockConfiguration per pass instead of a HEAD per object");
    }

    @Test
    void onAVersionedBucketExpiryRemovesEveryVersionAndTieringLeavesNoWarmVersion() throws Exception {
        start("strata.plan.nightly.retention", "daily=1,monthly=12", "strata.plan.nightly.tiering", "1d:GLACIER_IR");
        vault.s3().putBucketVersioning(r -> r.bucket(vault.bucket())
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        RecoveryPoint expiring = backUpOn("2026-02-10");
        RecoveryPoint monthly = backUpOn("2026-02-28");
        backUpOn("2026-03-01");

        ArchiveReport report = pass();

        assertTrue(report.ok(), report.outcomes().stream().map(o -> o.status() + " " + o.detail()).toList().toString());
        ListObjectVersionsResponse gone = vault.s3().listObjectVersions(r -> r.bucket(vault.bucket()).prefix(expiring.key()));
        assertEquals(List.of(), gone.versions(), "no version of an expired recovery point stays billed");
        assertEquals(List.of(), gone.deleteMarkers());
        String dataKey = monthly.files().get(0).key();
        ListObjectVersionsResponse tiered = vault.s3().listObjectVersions(r -> r.bucket(vault.bucket()).prefix(dataKey));
        // AWS makes the copy a new version (Strata then deletes the STANDARD one); S3Mock rewrites the version in place.
        assertEquals(1, tiered.versions().size(), "the STANDARD version left behind by the copy is deleted");
        assertEquals("GLACIER_IR", tiered.versions().get(0).storageClassAsString());
    }

    @Test
    void anObjectAboveTheCopyLimitMovesInPartsWithItsBytesIntact() throws Exception {
        start();
        byte[] bytes = new byte[12 * 1024 * 1024 + 17];
        new Random(1).nextBytes(bytes);
        String key = vault.prefix() + "strata/dynamodb/us-east-1/" + table + "/20260101T000000Z-0000abcd/big.bin";
        vault.putBytes(key, bytes, "application/octet-stream");

        boolean moved = new ObjectTiering(new ObjectCopy(1024 * 1024, 5 * 1024 * 1024))
                .move(vault, new StoredObject(key, bytes.length, null, Instant.now()), StorageTier.GLACIER, false);

        assertTrue(moved);
        var head = vault.s3().headObject(r -> r.bucket(vault.bucket()).key(key));
        assertEquals("GLACIER", head.storageClassAsString());
        // S3Mock does not report the encryption of any object completed from parts (a plain multipart
        // upload neither): check what the copy asked S3 for.
        assertEquals("AES256", multipartUploads.get(multipartUploads.size() - 1).serverSideEncryptionAsString());
        assertEquals("GLACIER", multipartUploads.get(multipartUploads.size() - 1).storageClassAsString());
        assertEquals("application/octet-stream", head.contentType());
        assertEquals(sha256(bytes), sha256(vault.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(key))
                .asByteArray()));
        assertFalse(new ObjectTiering(new ObjectCopy(1024 * 1024, 5 * 1024 * 1024))
                .move(vault, new StoredObject(key, bytes.length, "GLACIER", Instant.now()), StorageTier.GLACIER, false),
                "already there: nothing to do");
    }

    private List<String> keysUnder(String prefix) {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
