package io.strata.cli;

import static io.strata.cli.CheckOutput.fixAfter;
import static io.strata.cli.CheckOutput.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.config.AwsClients;
import io.strata.exit.ExitCode;
import io.strata.support.BucketSettingsS3;
import io.strata.support.StrataCli;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import io.strata.vault.lock.BucketProtections;
import io.strata.vault.lock.ObjectEncryption;
import io.strata.vault.lock.ObjectLockPolicy;
import io.strata.vault.lock.Protection;
import io.strata.vault.lock.ProtectionCheck;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.MFADelete;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/** {@code strata vault check} and {@code strata.vault.require} against S3Mock, as a user runs them. */
class VaultCheckIT {

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


    static String bareBucket() {
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

    @Test
    void aBareBucketReportsEveryProtectionMissingWithTheCommandThatFixesItForThisBucket() {
        String bucket = bareBucket();

        StrataCli.Result check = strata(bucket, "vault", "check");

        assertEquals(0, check.code(), "nothing is required: warnings only\n" + check.out() + check.err());
        for (Protection protection : Protection.values()) {
            if (protection != Protection.NONCURRENT_VERSION_EXPIRATION) {
                assertTrue(line(check.out(), protection.setting()).startsWith("MISSING "), check.out());
            }
        }
        assertTrue(line(check.out(), "noncurrent-version-expiration").startsWith("OK       noncurrent-version-expiration"
                + "        not needed while versioning is off"), "an unversioned bucket keeps no noncurrent versions: "
                + check.out());
        assertEquals("aws s3api put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled",
                fixAfter(check.out(), "versioning"));
        assertEquals("aws s3api put-public-access-block --bucket " + bucket + " --public-access-block-configuration "
                + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
                fixAfter(check.out(), "public-access-block"));
        assertEquals("aws s3api put-bucket-encryption --bucket " + bucket + " --server-side-encryption-configuration "
                + "'{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"AES256\"}}]}'",
                fixAfter(check.out(), "encryption"));
        assertEquals("aws s3api put-bucket-lifecycle-configuration --bucket " + bucket + " --lifecycle-configuration "
                + "'{\"Rules\":[{\"ID\":\"strata-abort-incomplete-uploads\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"\"},"
                + "\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":7}}]}'", fixAfter(check.out(), "abort-incomplete-uploads"));
        assertTrue(fixAfter(check.out(), "object-lock").startsWith("aws s3api put-object-lock-configuration --bucket " + bucket
                + " --object-lock-configuration '{\"ObjectLockEnabled\":\"Enabled\",\"Rule\":{\"DefaultRetention\":"), check.out());
        assertTrue(fixAfter(check.out(), "mfa-delete").contains("MFADelete=Enabled --mfa "), check.out());
        assertTrue(check.out().contains("6 of 7 missing"), check.out());
    }

    @Test
    void requiredProtectionsTurnTheWarningsIntoExitCodeOneAndStopEveryCommandThatOpensTheVault() {
        String bucket = bareBucket();

        StrataCli.Result check = strata(bucket, "-Dstrata.vault.require=versioning,object-lock", "vault", "check");
        StrataCli.Result list = strata(bucket, "-Dstrata.vault.require=versioning", "list");

        assertEquals(ExitCode.FAILED.code(), check.code(), check.out());
        assertTrue(line(check.out(), "versioning").startsWith("MISSING  versioning (required)"), check.out());
        assertTrue(check.out().contains("required (strata.vault.require): versioning, object-lock"), check.out());
        assertEquals(ExitCode.FAILED.code(), list.code(), list.out() + list.err());
        assertTrue(list.err().contains("strata: Vault bucket '" + bucket + "' lacks what strata.vault.require asks for: "
                + "versioning (never enabled: an object overwritten or deleted is gone for good; fix: aws s3api "
                + "put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled)"), list.err());
        assertTrue(list.out().isEmpty(), list.out());

        clients.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        StrataCli.Result fixed = strata(bucket, "-Dstrata.vault.require=versioning", "list");
        assertEquals(0, fixed.code(), fixed.err());
        assertTrue(fixed.out().contains("No recovery points."), fixed.out());
    }

    @Test
    void anUnknownProtectionNameIsAnErrorNamingIt() {
        String bucket = bareBucket();

        StrataCli.Result list = strata(bucket, "-Dstrata.vault.require=versioning, versionning", "list");
        StrataCli.Result check = strata(bucket, "-Dstrata.vault.require=object_lock", "vault", "check");

        assertEquals(ExitCode.USAGE.code(), list.code());
        assertTrue(list.err().contains("strata.vault.require names an unknown protection 'versionning' (known: versioning, "
                + "mfa-delete, object-lock, encryption, public-access-block, abort-incomplete-uploads, "
                + "noncurrent-version-expiration)"), list.err());
        assertEquals(ExitCode.USAGE.code(), check.code());
        assertTrue(check.err().contains("unknown protection 'object_lock'"), check.err());
    }

    @Test
    void lockDaysOnABucketWithoutObjectLockIsReportedByTheCheckAndStopsOtherCommands() {
        String bucket = bareBucket();

        StrataCli.Result check = strata(bucket, "-Dstrata.vault.lock-days=30", "vault", "check");
        StrataCli.Result list = strata(bucket, "-Dstrata.vault.lock-days=30", "list");

        assertEquals(0, check.code(), check.err());
        assertTrue(line(check.out(), "object-lock").contains("strata.vault.lock-days=30 is set, but vault bucket '" + bucket
                + "' has no S3 Object Lock"), check.out());
        assertEquals("aws s3api put-object-lock-configuration --bucket " + bucket
                + " --object-lock-configuration '{\"ObjectLockEnabled\":\"Enabled\"}'", fixAfter(check.out(), "object-lock"));
        assertEquals(ExitCode.FAILED.code(), list.code());
        assertTrue(list.err().contains("strata.vault.lock-days=30 is set, but vault bucket '" + bucket + "' has no S3 Object "
                + "Lock: it would protect nothing"), list.err());
    }

    @Test
    void aBucketThatDoesNotExistIsNamed() {
        String missing = TestAws.unique("no-such-vault");

        StrataCli.Result check = strata(missing, "vault", "check");

        assertEquals(ExitCode.FAILED.code(), check.code());
        assertTrue(check.err().contains("Vault bucket '" + missing + "' does not exist (strata.vault.bucket)"), check.err());
    }

    @Test
    void aProtectionThatCannotBeReadIsUnknownAndFailsWhenRequired() {
        String bucket = bareBucket();
        try (AwsClients denied = TestAws.clients(TestAws.settings(bucket), new DenyVersioningReads())) {
            BucketProtections protections = BucketProtections.of(new Vault(denied.s3(), bucket, "",
                    ObjectEncryption.of("AES256", null), ObjectLockPolicy.BUCKET, 8, Clock.systemUTC()), Clock.systemUTC());

            ProtectionCheck versioning = protections.check(Protection.VERSIONING);
            VaultException required = assertThrows(VaultException.class,
                    () -> protections.require(java.util.Set.of(Protection.VERSIONING)));

            assertEquals(ProtectionCheck.Status.UNKNOWN, versioning.status());
            assertEquals("cannot read it: AccessDenied: Access Denied [HTTP 403]", versioning.detail());
            assertTrue(required.getMessage().contains("versioning (cannot read it: AccessDenied"), required.getMessage());
        }
    }

    /** An IAM policy without s3:GetBucketVersioning, as AWS answers it. */
    static final class DenyVersioningReads implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof GetBucketVersioningRequest) {
                throw io.strata.support.S3Errors.of(403, "AccessDenied", "Access Denied");
            }
        }
    }

    @Test
    void vaultWithoutASubcommandIsBadUsage() {
        StrataCli.Result vault = strata(bareBucket(), "vault");

        assertEquals(2, vault.code());
        assertTrue(vault.err().contains("Missing required subcommand"), vault.err());
    }

    static Map<Protection, ProtectionCheck> check(S3Client s3, String bucket, ObjectEncryption encryption) {
        Vault vault = new Vault(s3, bucket, "", encryption, ObjectLockPolicy.BUCKET, 8, Clock.systemUTC());
        return BucketProtections.of(vault, Clock.systemUTC()).checkAll().stream()
                .collect(Collectors.toMap(ProtectionCheck::protection, Function.identity()));
    }

    @Test
    void afterTheFixesEveryProtectionIsOkAndTheLifecycleFixKeepsTheBucketsRules() throws Exception {
        String bucket = bareBucket();
        S3Client s3 = new BucketSettingsS3(clients.s3());
        String key = "arn:aws:kms:us-east-1:123456789012:key/0b7e3f52-5d1c-4a43-9c55-57a7a1c0ffee";
        ObjectEncryption kms = ObjectEncryption.of("aws:kms", key);
        LifecycleRule tiering = LifecycleRule.builder().id("tier-old-exports").status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("strata/dynamodb/"))
                .transitions(t -> t.days(30).storageClass(TransitionStorageClass.GLACIER_IR)).build();
        s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(
                rule -> rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        clients.s3().putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(tiering)));

        Map<Protection, ProtectionCheck> before = check(s3, bucket, kms);

        assertTrue(before.values().stream().filter(c -> c.protection() != Protection.NONCURRENT_VERSION_EXPIRATION)
                .noneMatch(ProtectionCheck::ok), before.toString());
        assertTrue(before.get(Protection.ENCRYPTION).detail().startsWith("the default is AES256, Strata writes aws:kms with key "
                + key), before.get(Protection.ENCRYPTION).detail());
        assertTrue(before.get(Protection.PUBLIC_ACCESS_BLOCK).detail().startsWith("off: BlockPublicAcls, IgnorePublicAcls, "
                + "BlockPublicPolicy, RestrictPublicBuckets"), before.get(Protection.PUBLIC_ACCESS_BLOCK).detail());
        String lifecycleFix = before.get(Protection.ABORT_INCOMPLETE_UPLOADS).fix();
        JsonNode rules = Json.MAPPER.readTree(lifecycleFix.substring(lifecycleFix.indexOf('\'') + 1, lifecycleFix.lastIndexOf('\'')))
                .get("Rules");
        assertEquals(2, rules.size(), lifecycleFix);
        assertEquals("tier-old-exports", rules.get(0).get("ID").asText(), lifecycleFix);
        assertEquals("strata/dynamodb/", rules.get(0).get("Filter").get("Prefix").asText(), lifecycleFix);
        assertEquals("GLACIER_IR", rules.get(0).get("Transitions").get(0).get("StorageClass").asText(), lifecycleFix);
        assertEquals(30, rules.get(0).get("Transitions").get(0).get("Days").asInt(), lifecycleFix);
        assertEquals(7, rules.get(1).get("AbortIncompleteMultipartUpload").get("DaysAfterInitiation").asInt(), lifecycleFix);

        // The fixes, applied through the SDK as the printed commands would.
        clients.s3().putBucketVersioning(r -> r.bucket(bucket).mfa("arn:aws:iam::123456789012:mfa/root-account-mfa-device 123456")
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED).mfaDelete(MFADelete.ENABLED)));
        clients.s3().putObjectLockConfiguration(r -> r.bucket(bucket).objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(rule -> rule.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(30)))));
        s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                        .kmsMasterKeyID("0b7e3f52-5d1c-4a43-9c55-57a7a1c0ffee")).bucketKeyEnabled(true))));
        s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        clients.s3().putBucketLifecycleConfiguration(r -> r.bucket(bucket).lifecycleConfiguration(c -> c.rules(tiering,
                LifecycleRule.builder().id("strata-abort-incomplete-uploads").status(ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build(),
                LifecycleRule.builder().id("strata-noncurrent-version-expiration").status(ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix("")).noncurrentVersionExpiration(n -> n.noncurrentDays(30)).build())));

        Map<Protection, ProtectionCheck> after = check(s3, bucket, kms);

        assertTrue(after.values().stream().allMatch(ProtectionCheck::ok), after.toString());
        assertEquals("Enabled; each object Strata writes is locked GOVERNANCE for 30 days (the bucket's default retention)",
                after.get(Protection.OBJECT_LOCK).detail());
        assertEquals("rule 'strata-abort-incomplete-uploads' aborts them after 7 day(s)",
                after.get(Protection.ABORT_INCOMPLETE_UPLOADS).detail());
    }
}
