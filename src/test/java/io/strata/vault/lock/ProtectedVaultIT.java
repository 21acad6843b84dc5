package io.strata.vault.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.service.StopSignal;
import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.local.LocalAws;
import io.strata.plan.PlanCatalog;
import io.strata.plan.ResourceSelector;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.support.EnforcedObjectLock;
import io.strata.support.MultipartUploadEncryption;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptLease;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * A real backup through the routes into a vault with SSE-KMS and one with S3 Object Lock; then
 * every object in the bucket is looked at as a user would (HEAD): data files (one multipart, one
 * single PUT), both manifests, the descriptor and the run report. S3Mock needs two wrappers for
 * what AWS does: {@link MultipartUploadEncryption} and {@link EnforcedObjectLock}.
 */
class ProtectedVaultIT {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private record Backup(Vault vault, AwsClients clients, RunReport report) {
    }

    /** Two tables backed up in one run: a big one (a multipart data file) and a small one (one PUT). */
    private Backup backup(Properties properties, EnforcedObjectLock lock) throws Exception {
        StrataSettings settings = StrataSettings.from(properties);
        AwsClients clients = lock == null ? TestAws.clients(settings, new MultipartUploadEncryption())
                : TestAws.clients(settings, new MultipartUploadEncryption(), lock);
        open.add(clients);
        Vault vault = TestAws.vault(clients, settings);
        String big = TestAws.unique("protected-big");
        String small = TestAws.unique("protected-small");
        Tables.create(clients.dynamoDb(), big);
        Tables.putIncompressible(clients.dynamoDb(), big, 2000, 11);
        Tables.create(clients.dynamoDb(), small);
        Tables.put(clients.dynamoDb(), small, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
        StrataRuntime runtime = Composition.of(Path.of("").toAbsolutePath(), settings,
                PlanCatalog.from(properties, Services.selectors()::parse), clients, vault, Clock.systemUTC(), new StopSignal()).runtime().start();
        open.add(0, runtime);
        RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, null,
                List.of(ResourceSelector.parse("dynamodb:" + big), ResourceSelector.parse("dynamodb:" + small)), Instant.now()));
        assertTrue(report.success(), report.summary());
        return new Backup(vault, clients, report);
    }

    /** Every object in the bucket, after checking that each kind the backup writes is there. */
    private static List<S3Object> everyObject(S3Client s3, String bucket) {
        List<S3Object> objects = s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().toList();
        List<String> keys = objects.stream().map(S3Object::key).toList();
        for (Predicate<String> kind : List.<Predicate<String>>of(k -> k.contains("/data/") && k.endsWith(".json.gz"),
                k -> k.endsWith("/manifest-summary.json"), k -> k.endsWith("/manifest-files.json"),
                k -> k.endsWith("/" + RecoveryPointKey.DESCRIPTOR), k -> k.startsWith("strata/runs/"))) {
            assertTrue(keys.stream().anyMatch(kind), "a kind of object is missing from " + keys);
        }
        assertEquals(2, objects.stream().filter(o -> o.key().endsWith(RecoveryPointKey.DESCRIPTOR)).count(), keys.toString());
        assertFalse(keys.stream().anyMatch(k -> k.endsWith(AttemptLease.NAME)), "a lease was left: " + keys);
        assertTrue(objects.stream().anyMatch(o -> o.key().contains("/data/") && o.size() > 5 * 1024 * 1024),
                "no data file large enough to be a multipart upload: " + keys);
        return objects;
    }

    @Test
    void sseKmsWithTheConfiguredKeyCoversEveryObjectOfABackupAndATierCopy() throws Exception {
        String key = LocalAws.LOCAL_KMS_KEY_ID;
        Backup backup = backup(TestAws.properties(TestAws.unique("kms-vault"), "strata.dynamodb.segments", "2",
                "strata.vault.sse", "aws:kms", "strata.vault.kms-key-id", key), null);
        S3Client s3 = backup.clients().s3();
        String bucket = backup.vault().bucket();

        List<S3Object> objects = everyObject(s3, bucket);
        for (S3Object object : objects) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(object.key()));
            assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption(), object.key());
            assertEquals(key, head.ssekmsKeyId(), object.key());
        }
        S3Object descriptor = objects.stream().filter(o -> o.key().endsWith(RecoveryPointKey.DESCRIPTOR)).findFirst().orElseThrow();
        S3Object data = objects.stream().filter(o -> o.key().contains("/data/")).findFirst().orElseThrow();
        s3.copyObject(backup.vault().protect(CopyObjectRequest.builder().sourceBucket(bucket).sourceKey(data.key())
                .destinationBucket(bucket).destinationKey(data.key()).storageClass(StorageClass.GLACIER_IR)).build());
        HeadObjectResponse copied = s3.headObject(r -> r.bucket(bucket).key(data.key()));
        assertEquals(StorageClass.GLACIER_IR, copied.storageClass());
        assertEquals(ServerSideEncryption.AWS_KMS, copied.serverSideEncryption());
        assertEquals(key, copied.ssekmsKeyId());
        assertTrue(backup.vault().locks().lockedUntil(descriptor.key()).isEmpty(), "a bucket without Object Lock locks nothing");
    }

    @Test
    void objectLockCoversEveryObjectOfABackupAndATierCopyAndRefusesToDeleteThem() throws Exception {
        AwsClients plain = TestAws.clients(TestAws.settings("unused"));
        open.add(plain);
        EnforcedObjectLock lock = new EnforcedObjectLock(plain.s3());
        Instant before = Instant.now();
        Backup backup = backup(TestAws.properties(TestAws.unique("locked-vault"), "strata.dynamodb.segments", "2",
                "strata.vault.lock-mode", "COMPLIANCE", "strata.vault.lock-days", "3"), lock);
        Instant after = Instant.now();
        S3Client s3 = backup.clients().s3();
        String bucket = backup.vault().bucket();

        List<S3Object> objects = everyObject(s3, bucket);
        for (S3Object object : objects) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(object.key()));
            assertEquals(ObjectLockMode.COMPLIANCE, head.objectLockMode(), object.key());
            Instant until = head.objectLockRetainUntilDate();
            assertTrue(!until.isBefore(before.plus(Duration.ofDays(3)).minusSeconds(1))
                    && !until.isAfter(after.plus(Duration.ofDays(3))), object.key() + " locked until " + until);
            assertEquals(ServerSideEncryption.AES256, head.serverSideEncryption(), object.key());
            assertEquals(until, backup.vault().locks().lockedUntil(object.key()).orElseThrow(), object.key());
        }
        var versions = s3.listObjectVersions(r -> r.bucket(bucket));
        assertTrue(versions.versions().stream().noneMatch(v -> v.key().endsWith(AttemptLease.NAME))
                && versions.deleteMarkers().stream().noneMatch(m -> m.key().endsWith(AttemptLease.NAME)),
                "the attempt lease left versions or delete markers behind: " + versions);

        S3Object descriptor = objects.stream().filter(o -> o.key().endsWith(RecoveryPointKey.DESCRIPTOR)).findFirst().orElseThrow();
        String version = s3.headObject(r -> r.bucket(bucket).key(descriptor.key())).versionId();
        S3Exception refused = assertThrows(S3Exception.class,
                () -> s3.deleteObject(r -> r.bucket(bucket).key(descriptor.key()).versionId(version)));
        assertEquals(403, refused.statusCode());
        assertEquals(0, lock.bypassRequests(), "Strata never asks to bypass a governance retention");

        S3Object data = objects.stream().filter(o -> o.key().contains("/data/")).findFirst().orElseThrow();
        Instant beforeCopy = Instant.now();
        s3.copyObject(backup.vault().protect(CopyObjectRequest.builder().sourceBucket(bucket).sourceKey(data.key())
                .destinationBucket(bucket).destinationKey(data.key()).storageClass(StorageClass.GLACIER_IR)).build());
        HeadObjectResponse copied = s3.headObject(r -> r.bucket(bucket).key(data.key()));
        assertEquals(ObjectLockMode.COMPLIANCE, copied.objectLockMode());
        assertFalse(copied.objectLockRetainUntilDate().isBefore(beforeCopy.plus(Duration.ofDays(3)).minusSeconds(1)),
                "a tier copy is locked anew from the time of the copy");
        assertEquals(ServerSideEncryption.AES256, copied.serverSideEncryption());
    }
}
