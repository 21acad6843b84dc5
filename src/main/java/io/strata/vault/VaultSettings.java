package io.strata.vault;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingsException;
import io.strata.vault.lock.ObjectLockPolicy;
import io.strata.vault.lock.Protection;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The {@code strata.vault.*} settings, declared and read here.
 *
 * @param lockMode GOVERNANCE or COMPLIANCE; blank when not set (the bucket's default mode, else GOVERNANCE)
 * @param lockDays days each object stays locked; 0 when not set (the bucket's default retention)
 * @param require  protections the bucket must have ({@code strata.vault.require}), as written
 * @param signingKey the KMS HMAC key that signs and checks the catalog ({@code strata.vault.signing-key});
 *                   blank: off
 */
public record VaultSettings(String bucket, String prefix, String sse, String kmsKeyId,
                            boolean createBucket, int partSizeMiB, String lockMode, int lockDays,
                            List<String> require, String signingKey) {

    static final Setting BUCKET = Setting.text("strata.vault.bucket", "", "S3 bucket of the vault (required)");
    static final Setting PREFIX = Setting.text("strata.vault.prefix", "", "Key prefix inside the vault bucket");
    static final Setting SSE = new Setting("strata.vault.sse", "AES256", SettingType.described("AES256, aws:kms"),
            "Encryption at rest of every object written: SSE-S3 or SSE-KMS");
    static final Setting KMS_KEY_ID = Setting.text("strata.vault.kms-key-id", "",
            "KMS key of aws:kms; empty: the account's default key");
    static final Setting CREATE_BUCKET = Setting.flag("strata.vault.create-bucket", false,
            "Create the vault bucket when it is missing");
    static final Setting PART_SIZE = Setting.whole("strata.vault.part-size-mib", 8, 5, 5 * 1024,
            "Multipart part size in MiB: each export segment buffers one part");
    static final Setting LOCK_MODE = new Setting(ObjectLockPolicy.MODE_KEY, "", SettingType.described("GOVERNANCE, COMPLIANCE"),
            "Object Lock mode of every object written; empty: the bucket's default mode, else GOVERNANCE");
    static final Setting LOCK_DAYS = new Setting(ObjectLockPolicy.DAYS_KEY, "", SettingType.whole(1, 36_500),
            "Days each object written stays locked; empty: the bucket's default retention");
    static final Setting REQUIRE = new Setting(Protection.REQUIRE_KEY, "",
            SettingType.described("comma-separated protections"),
            "Protections the vault bucket must have, or every command stops at start");
    static final Setting SIGNING_KEY = new Setting(SigningKeySetting.KEY, "", SettingType.described("KMS key id, ARN, alias"),
            "KMS HMAC_SHA_256 key that signs the catalog; empty: no signing");

    /** What the vault reads. */
    public static final List<Setting> SETTINGS = List.of(BUCKET, PREFIX, SSE, KMS_KEY_ID, CREATE_BUCKET, PART_SIZE,
            LOCK_MODE, LOCK_DAYS, REQUIRE, SIGNING_KEY, ReadableBuckets.ALLOWED);

    public static VaultSettings from(Properties p) {
        String sse = SSE.text(p);
        if (!sse.equals("AES256") && !sse.equals("aws:kms")) {
            throw new SettingsException("strata.vault.sse must be AES256 or aws:kms, not '" + sse + "'");
        }
        String prefix = PREFIX.text(p);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new VaultSettings(BUCKET.text(p), prefix, sse, KMS_KEY_ID.text(p), CREATE_BUCKET.bool(p),
                PART_SIZE.integer(p), lockMode(p), LOCK_DAYS.text(p).isEmpty() ? 0 : LOCK_DAYS.integer(p),
                Arrays.stream(REQUIRE.text(p).split(",")).map(String::trim).filter(name -> !name.isEmpty())
                        .distinct().toList(),
                SigningKeySetting.read(p));
    }

    private static String lockMode(Properties p) {
        String mode = LOCK_MODE.text(p);
        if (!mode.isEmpty() && !mode.equals("GOVERNANCE") && !mode.equals("COMPLIANCE")) {
            throw new SettingsException("strata.vault.lock-mode must be GOVERNANCE or COMPLIANCE, not '" + mode + "'");
        }
        return mode;
    }

    /** The bucket, or an error naming the setting when it is not set. */
    public String requireBucket() {
        if (bucket.isBlank()) {
            throw new SettingsException("strata.vault.bucket is not set: name the S3 bucket of the vault");
        }
        return bucket;
    }
}
