package io.strata.cli;

import static io.strata.cli.CheckOutput.fixAfter;
import static io.strata.cli.CheckOutput.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.exit.ExitCode;
import io.strata.support.S3MockLifecycleTags;
import io.strata.support.StrataCli;
import io.strata.support.TestAws;
import io.strata.vault.lock.ObjectEncryption;
import io.strata.vault.lock.Protection;
import io.strata.vault.lock.ProtectionCheck;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * The vault's lifecycle protections in {@code strata vault check} against S3Mock: a rule aborting incomplete
 * uploads, and on a versioned vault one expiring noncurrent versions; which rules count, and the one fix.
 */
class VaultLifecycleCheckIT {

    private static AwsClients clients;

    @BeforeAll
    static void start() {
        clients = TestAws.clients(TestAws.settings("unused"));
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    private static String bareBucket() {
        String bucket = TestAws.unique("check");
        clients.s3().createBucket(r -> r.bucket(bucket));
        return bucket;
    }

    /** Runs {@code strata -D… ARGS} against {@code bucket} with stdout and stderr captured. */
    private static synchronized StrataCli.Result strata(String bucket, String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    private static ProtectionCheck check(AwsClients with, String bucket, Protection protection) {
        return VaultCheckIT.check(with.s3(), bucket, ObjectEncryption.of("AES256", null)).get(protection);
    }

    private static String versionedBucket() {
        String bucket = bareBucket();
        clients.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        return bucket;
    }

    @Test
    void aVersionedVaultWithoutANoncurrentVersionExpirationRuleIsMissingItWithOneFixForEveryLifecycleRule() {
        String bucket = versionedBucket();
        String both = "aws s3api put-bucket-lifecycle-configuration --bucket " + bucket + " --lifecycle-configuration "
                + "'{\"Rules\":[{\"ID\":\"strata-abort-incomplete-uploads\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"\"},"
                + "\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":7}},{\"ID\":\"strata-noncurrent-version-expiration\","
                + "\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"\"},\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":30}}]}'";

        StrataCli.Result check = strata(bucket, "vault", "check");
        StrataCli.Result required = strata(bucket, "-Dstrata.vault.require=noncurrent-version-expiration", "vault", "check");
        StrataCli.Result list = strata(bucket, "-Dstrata.vault.require=noncurrent-version-expiration", "list");

        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(line(check.out(), "noncurrent-version-expiration").startsWith("MISSING  noncurrent-version-expiration"
                + "        versioning is on and no enabled lifecycle rule expires noncurrent versions under 'strata/'"),
                check.out());
        // Both rules in each fix: the command replaces the whole configuration, so running one, or both, loses nothing.
        assertEquals(both, fixAfter(check.out(), "noncurrent-version-expiration"));
        assertEquals(both, fixAfter(check.out(), "abort-incomplete-uploads"));
        assertEquals(ExitCode.FAILED.code(), required.code(), required.out());
        assertTrue(line(required.out(), "noncurrent-version-expiration").startsWith(
                "MISSING  noncurrent-version-expiration (required)"), required.out());
        assertEquals(ExitCode.FAILED.code(), list.code(), list.err());
        assertTrue(list.err().contains("lacks what strata.vault.require asks for: noncurrent-version-expiration (versioning "
                + "is on and no enabled lifecycle rule expires noncurrent versions"), list.err());

        // The fix, applied through the SDK as the printed command would.
        clients.s3().putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().id("strata-abort-incomplete-uploads").status(ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build(),
                LifecycleRule.builder().id("strata-noncurrent-version-expiration").status(ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix("")).noncurrentVersionExpiration(n -> n.noncurrentDays(30)).build())));
        StrataCli.Result fixed = strata(bucket, "-Dstrata.vault.require=noncurrent-version-expiration", "vault", "check");

        assertEquals(0, fixed.code(), fixed.out());
        assertEquals("OK       noncurrent-version-expiration (required) rule 'strata-noncurrent-version-expiration' expires "
                + "noncurrent versions after 30 day(s)", line(fixed.out(), "noncurrent-version-expiration"));
    }

    @Test
    void aNoncurrentRuleForAnotherPrefixForTaggedObjectsOnlyOrDisabledDoesNotCount() {
        String bucket = versionedBucket();
        // S3Mock drops an <And> filter's tags unless translated (see S3MockLifecycleTags): then the rule reads back as S3's would.
        try (AwsClients tagged = TestAws.clients(TestAws.settings(bucket), new S3MockLifecycleTags())) {
            tagged.s3().putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                    LifecycleRule.builder().id("elsewhere").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("logs/"))
                            .noncurrentVersionExpiration(n -> n.noncurrentDays(1)).build(),
                    LifecycleRule.builder().id("tagged").status(ExpirationStatus.ENABLED).filter(f -> f.and(a -> a.prefix("")
                            .tags(t -> t.key("strata-plan").value("nightly")))).noncurrentVersionExpiration(n -> n.noncurrentDays(1))
                            .build(),
                    LifecycleRule.builder().id("off").status(ExpirationStatus.DISABLED).filter(f -> f.prefix(""))
                            .noncurrentVersionExpiration(n -> n.noncurrentDays(1)).build())));

            ProtectionCheck check = check(tagged, bucket, Protection.NONCURRENT_VERSION_EXPIRATION);

            assertEquals(ProtectionCheck.Status.MISSING, check.status(), check.detail());
            assertTrue(check.detail().contains("(the fix keeps the bucket's 3 rule(s))"), check.detail());
            assertTrue(check.fix().contains("\"ID\":\"elsewhere\"") && check.fix().contains("\"ID\":\"tagged\""), check.fix());
        }
    }

    @Test
    void anAbortRuleForAnotherPrefixOrDisabledDoesNotCount() {
        String bucket = bareBucket();
        clients.s3().putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                LifecycleRule.builder().id("elsewhere").status(ExpirationStatus.ENABLED).filter(f -> f.prefix("logs/"))
                        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build(),
                LifecycleRule.builder().id("off").status(ExpirationStatus.DISABLED).filter(f -> f.prefix(""))
                        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build())));

        ProtectionCheck check = check(clients, bucket, Protection.ABORT_INCOMPLETE_UPLOADS);

        assertEquals(ProtectionCheck.Status.MISSING, check.status());
        assertTrue(check.detail().contains("(the fix keeps the bucket's 2 rule(s))"), check.detail());
    }
}
