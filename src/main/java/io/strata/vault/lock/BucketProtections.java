package io.strata.vault.lock;

import io.strata.vault.error.S3Errors;
import io.strata.vault.error.VaultException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The vault bucket's own protections, each read from S3 and judged with what is missing and the
 * AWS CLI command that adds it: {@code strata vault check} prints them all, and start-up fails on
 * those {@code strata.vault.require} names.
 */
public final class BucketProtections {

    private final ProtectedBucket vault;
    private final Clock clock;

    private BucketProtections(ProtectedBucket vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    /** The protections of {@code vault}'s bucket, judged against its encryption and Object Lock settings. */
    public static BucketProtections of(ProtectedBucket vault, Clock clock) {
        return new BucketProtections(vault, clock);
    }

    public List<ProtectionCheck> checkAll() {
        return check(EnumSet.allOf(Protection.class));
    }

    public List<ProtectionCheck> check(Set<Protection> protections) {
        EnumSet<Protection> inOrder = EnumSet.noneOf(Protection.class);
        inOrder.addAll(protections);
        return inOrder.stream().map(this::check).toList();
    }

    /** Fails, naming each required protection the bucket lacks and its fix. */
    public void require(Set<Protection> required) {
        if (required.isEmpty()) {
            return;
        }
        List<ProtectionCheck> lacking = check(required).stream().filter(c -> !c.ok()).toList();
        if (!lacking.isEmpty()) {
            throw new VaultException("Vault bucket '" + vault.bucket() + "' lacks what " + Protection.REQUIRE_KEY
                    + " asks for: " + lacking.stream().map(c -> c.protection().setting() + " (" + c.detail() + (c.fix().isBlank() ? ""
                            : "; fix: " + c.fix()) + ")").collect(Collectors.joining("; ")));
        }
    }

    public ProtectionCheck check(Protection protection) {
        S3Client s3 = vault.s3();
        String bucket = vault.bucket();
        try {
            return switch (protection) {
                case VERSIONING -> versioning(s3.getBucketVersioning(r -> r.bucket(bucket)));
                case MFA_DELETE -> mfaDelete(s3.getBucketVersioning(r -> r.bucket(bucket)));
                case OBJECT_LOCK -> objectLock(ObjectLockPolicy.configuration(s3, bucket));
                case ENCRYPTION -> encryption();
                case PUBLIC_ACCESS_BLOCK -> publicAccessBlock();
                case ABORT_INCOMPLETE_UPLOADS -> LifecycleProtections.read(s3, bucket, vault.prefix()).abortIncompleteUploads();
                case NONCURRENT_VERSION_EXPIRATION -> LifecycleProtections.read(s3, bucket, vault.prefix())
                        .noncurrentVersionExpiration();
            };
        } catch (S3Exception e) {
            return unreadable(protection, S3Errors.describe(e));
        } catch (VaultException e) {
            return unreadable(protection, e.getMessage());
        }
    }

    private static ProtectionCheck unreadable(Protection protection, String reason) {
        return new ProtectionCheck(protection, ProtectionCheck.Status.UNKNOWN, "cannot read it: " + reason, "");
    }

    private String cli(String command) {
        return "aws s3api " + command + " --bucket " + vault.bucket();
    }

    private ProtectionCheck versioning(GetBucketVersioningResponse versioning) {
        if (versioning.status() == BucketVersioningStatus.ENABLED) {
            return ProtectionCheck.ok(Protection.VERSIONING, "Enabled");
        }
        return ProtectionCheck.missing(Protection.VERSIONING, (versioning.status() == null ? "never enabled" : "Suspended")
                        + ": an object overwritten or deleted is gone for good",
                cli("put-bucket-versioning") + " --versioning-configuration Status=Enabled");
    }

    private ProtectionCheck mfaDelete(GetBucketVersioningResponse versioning) {
        if (versioning.mfaDelete() == MFADeleteStatus.ENABLED) {
            return ProtectionCheck.ok(Protection.MFA_DELETE, "Enabled");
        }
        return ProtectionCheck.missing(Protection.MFA_DELETE, "versions can be deleted and versioning suspended without "
                        + "an MFA code (only the root user can turn it on, with its MFA device)",
                cli("put-bucket-versioning") + " --versioning-configuration Status=Enabled,MFADelete=Enabled"
                        + " --mfa 'arn:aws:iam::ACCOUNT_ID:mfa/root-account-mfa-device MFA_CODE'");
    }

    private ProtectionCheck objectLock(Optional<ObjectLockConfiguration> configuration) {
        ObjectLockPolicy lockPolicy = vault.lockPolicy();
        boolean enabled = configuration.map(c -> c.objectLockEnabled() == ObjectLockEnabled.ENABLED).orElse(false);
        String enable = cli("put-object-lock-configuration") + " --object-lock-configuration "
                + (lockPolicy.days().isPresent() ? "'{\"ObjectLockEnabled\":\"Enabled\"}'"
                        : "'{\"ObjectLockEnabled\":\"Enabled\",\"Rule\":{\"DefaultRetention\":{\"Mode\":\""
                        + lockPolicy.mode().map(Object::toString).orElse("GOVERNANCE") + "\",\"Days\":30}}}'");
        ObjectLock lock;
        try {
            lock = lockPolicy.resolve(vault.bucket(), configuration, clock);
        } catch (VaultException e) {
            // Not enabled, or enabled without any retention: the bucket needs the command; else a setting is too weak.
            boolean bucketFix = !enabled || configuration.get().rule() == null && lockPolicy.days().isEmpty();
            return ProtectionCheck.missing(Protection.OBJECT_LOCK, e.getMessage(), bucketFix ? enable : "");
        }
        if (!lock.enabled()) {
            return ProtectionCheck.missing(Protection.OBJECT_LOCK, "no Object Lock: whoever may delete objects can delete "
                    + "what Strata wrote (versioning must be Enabled first; the fix sets a default retention of 30 days: "
                    + "choose yours, or set " + ObjectLockPolicy.DAYS_KEY + ")", enable);
        }
        return ProtectionCheck.ok(Protection.OBJECT_LOCK, "Enabled; each object Strata writes is locked " + lock.describe()
                + (lockPolicy.days().isPresent() ? "" : " (the bucket's default retention)"));
    }

    private ProtectionCheck encryption() {
        List<ServerSideEncryptionRule> rules;
        try {
            var configuration = vault.s3().getBucketEncryption(r -> r.bucket(vault.bucket()))
                    .serverSideEncryptionConfiguration();
            rules = configuration == null ? List.of() : configuration.rules();
        } catch (S3Exception e) {
            if (!"ServerSideEncryptionConfigurationNotFoundError".equals(S3Errors.code(e))) {
                throw e;
            }
            rules = List.of();
        }
        ObjectEncryption encryption = vault.encryption();
        boolean kms = "aws:kms".equals(encryption.algorithm());
        String fix = cli("put-bucket-encryption") + " --server-side-encryption-configuration '{\"Rules\":[{"
                + "\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"" + encryption.algorithm() + "\""
                + (kms && encryption.kmsKeyId() != null ? ",\"KMSMasterKeyID\":\"" + encryption.kmsKeyId() + "\"" : "")
                + "}" + (kms ? ",\"BucketKeyEnabled\":true" : "") + "}]}'";
        Optional<ServerSideEncryptionByDefault> byDefault = rules.stream()
                .map(ServerSideEncryptionRule::applyServerSideEncryptionByDefault).filter(d -> d != null).findFirst();
        if (byDefault.isEmpty()) {
            return ProtectionCheck.missing(Protection.ENCRYPTION, "no default encryption: what others write into the bucket "
                    + "without encryption headers is stored unencrypted", fix);
        }
        String algorithm = byDefault.get().sseAlgorithmAsString();
        String key = byDefault.get().kmsMasterKeyID();
        String found = algorithm + (key == null ? "" : " with key " + key);
        if (kms && !(algorithm.startsWith("aws:kms") && (encryption.kmsKeyId() == null || sameKey(key, encryption.kmsKeyId())))) {
            return ProtectionCheck.missing(Protection.ENCRYPTION, "the default is " + found + ", Strata writes aws:kms"
                    + (encryption.kmsKeyId() == null ? "" : " with key " + encryption.kmsKeyId())
                    + ": make the bucket's default the same", fix);
        }
        return ProtectionCheck.ok(Protection.ENCRYPTION, found);
    }

    /** A key id, alias or ARN against another form of it. */
    private static boolean sameKey(String bucketKey, String vaultKey) {
        return bucketKey != null && (bucketKey.equals(vaultKey) || bucketKey.endsWith("/" + vaultKey)
                || vaultKey.endsWith("/" + bucketKey));
    }

    private ProtectionCheck publicAccessBlock() {
        PublicAccessBlockConfiguration block;
        try {
            block = vault.s3().getPublicAccessBlock(r -> r.bucket(vault.bucket())).publicAccessBlockConfiguration();
        } catch (S3Exception e) {
            if (!"NoSuchPublicAccessBlockConfiguration".equals(S3Errors.code(e))) {
                throw e;
            }
            block = null;
        }
        PublicAccessBlockConfiguration b = block == null ? PublicAccessBlockConfiguration.builder().build() : block;
        List<String> off = new ArrayList<>();
        addIfOff(off, "BlockPublicAcls", b.blockPublicAcls());
        addIfOff(off, "IgnorePublicAcls", b.ignorePublicAcls());
        addIfOff(off, "BlockPublicPolicy", b.blockPublicPolicy());
        addIfOff(off, "RestrictPublicBuckets", b.restrictPublicBuckets());
        if (off.isEmpty()) {
            return ProtectionCheck.ok(Protection.PUBLIC_ACCESS_BLOCK, "all four settings on");
        }
        return ProtectionCheck.missing(Protection.PUBLIC_ACCESS_BLOCK, "off: " + String.join(", ", off)
                        + " (an ACL or bucket policy could make backups public)",
                cli("put-public-access-block") + " --public-access-block-configuration "
                        + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true");
    }

    private static void addIfOff(List<String> off, String name, Boolean value) {
        if (!Boolean.TRUE.equals(value)) {
            off.add(name);
        }
    }
}
