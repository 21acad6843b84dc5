package io.strata.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectAlreadyInActiveTierErrorException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

/** The test wrapper answers as AWS documents, over S3Mock's real storage classes (what the archive tests rely on). */
class GlacierS3IT {

    private static final GlacierS3 GLACIER = new GlacierS3();
    private static AwsClients clients;
    private static String bucket;

    @BeforeAll
    static void start() {
        StrataSettings settings = TestAws.settings(TestAws.unique("glacier-s3"));
        clients = TestAws.clients(settings, GLACIER);
        bucket = TestAws.vault(clients, settings).bucket();
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static S3Client s3() {
        return clients.s3();
    }

    private static String put(String key, StorageClass storageClass) {
        s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("bytes of " + key));
        if (storageClass != StorageClass.STANDARD) {
            // As the archive moves objects: an in-place copy that changes the storage class.
            s3().copyObject(r -> r.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                    .storageClass(storageClass));
        }
        return key;
    }

    private static void restore(String key, Tier tier) {
        s3().restoreObject(r -> r.bucket(bucket).key(key).restoreRequest(q -> q.days(2).glacierJobParameters(g -> g.tier(tier))));
    }

    @Test
    void anArchivedObjectIsUnreadableUntilItsRestoreCompletes() {
        String key = put(TestAws.unique("deep"), StorageClass.DEEP_ARCHIVE);

        InvalidObjectStateException refused = assertThrows(InvalidObjectStateException.class,
                () -> s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)));
        assertEquals(403, refused.statusCode());
        assertEquals("InvalidObjectState", refused.awsErrorDetails().errorCode());
        assertNull(s3().headObject(r -> r.bucket(bucket).key(key)).restore(), "no restore asked yet");

        restore(key, Tier.BULK);
        assertEquals("ongoing-request=\"true\"", s3().headObject(r -> r.bucket(bucket).key(key)).restore());
        S3Exception again = assertThrows(S3Exception.class, () -> restore(key, Tier.BULK));
        assertEquals(409, again.statusCode());
        assertEquals("RestoreAlreadyInProgress", again.awsErrorDetails().errorCode());
        assertThrows(InvalidObjectStateException.class, () -> s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)));

        GLACIER.completeRestores();

        String header = s3().headObject(r -> r.bucket(bucket).key(key)).restore();
        assertTrue(header.matches("ongoing-request=\"false\", expiry-date=\"\\w{3}, \\d{1,2} \\w{3} \\d{4} 00:00:00 GMT\""), header);
        assertEquals("bytes of " + key, s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String());
        assertEquals(StorageClass.DEEP_ARCHIVE, s3().headObject(r -> r.bucket(bucket).key(key)).storageClass(),
                "a restore makes a temporary copy; the object stays archived");
        assertEquals(200, s3().restoreObject(r -> r.bucket(bucket).key(key).restoreRequest(q -> q.days(5)))
                .sdkHttpResponse().statusCode(), "a restored copy's expiry is extended");
    }

    @Test
    void objectsInOtherClassesAreReadAndCannotBeRestored() {
        for (StorageClass readable : new StorageClass[] {StorageClass.STANDARD, StorageClass.STANDARD_IA, StorageClass.GLACIER_IR}) {
            String key = put(TestAws.unique("readable"), readable);
            assertEquals("bytes of " + key, s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String());
            assertThrows(ObjectAlreadyInActiveTierErrorException.class, () -> restore(key, Tier.STANDARD));
        }
        assertThrows(NoSuchKeyException.class, () -> restore("missing/" + TestAws.unique("key"), Tier.STANDARD));
    }

    @Test
    void aRangedReadOfAGlacierObjectIsRefusedToo() {
        String key = put(TestAws.unique("glacier"), StorageClass.GLACIER);

        assertThrows(InvalidObjectStateException.class,
                () -> s3().getObjectAsBytes(r -> r.bucket(bucket).key(key).range("bytes=0-3")));
        S3Exception expedited = assertThrows(S3Exception.class, () -> restore(put(TestAws.unique("deep"),
                StorageClass.DEEP_ARCHIVE), Tier.EXPEDITED));
        assertEquals(400, expedited.statusCode(), "AWS offers no Expedited retrieval from DEEP_ARCHIVE");
    }
}
