package io.strata.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The typed view of the merged properties (DESIGN.md, "Settings"). Plans are read separately by
 * {@link io.strata.plan.PlanCatalog} from the same properties.
 */
public record StrataSettings(
        Properties properties,
        String region,
        Optional<URI> endpoint,
        Map<String, URI> serviceEndpoints,
        boolean local,
        VaultSettings vault,
        DynamoDbSettings dynamodb) {

    public static final String[] SERVICES = {"dynamodb", "s3", "ec2", "rds", "sqs", "kms"};

    /**
     * @param lockMode GOVERNANCE or COMPLIANCE; blank when not set (the bucket's default mode, else GOVERNANCE)
     * @param lockDays days each object stays locked; 0 when not set (the bucket's default retention)
     * @param require  protections the bucket must have ({@code strata.vault.require}), as written
     * @param signingKey the KMS HMAC key that signs and checks the catalog ({@code strata.vault.signing-key});
     *                   blank: off
     */
    public record VaultSettings(String bucket, String prefix, String sse, String kmsKeyId,
                                boolean createBucket, int partSizeMiB, String lockMode, int lockDays,
                                List<String> require, String signingKey) {
    }

    /**
     * @param segments     parallel Scan segments; 0 sizes them to the table (at least 4)
     * @param readRate     read capacity units per second an export may consume; 0 = unlimited
     * @param scanPageSize Scan Limit per page
     * @param writers      parallel BatchWriteItem writers of a restore
     */
    public record DynamoDbSettings(int segments, double readRate, int scanPageSize, int writers,
                                   int maxWriteAttempts) {
    }

    public static StrataSettings from(Properties p) {
        String endpoint = SettingValues.text(p, "strata.aws.endpoint", "");
        Map<String, URI> perService = new TreeMap<>();
        for (String service : SERVICES) {
            String value = SettingValues.text(p, "strata.aws.endpoint." + service, "");
            if (!value.isBlank()) {
                perService.put(service, uri("strata.aws.endpoint." + service, value));
            }
        }
        String sse = SettingValues.text(p, "strata.vault.sse", "AES256");
        if (!sse.equals("AES256") && !sse.equals("aws:kms")) {
            throw new SettingsException("strata.vault.sse must be AES256 or aws:kms, not '" + sse + "'");
        }
        String prefix = SettingValues.text(p, "strata.vault.prefix", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        VaultSettings vault = new VaultSettings(
                SettingValues.text(p, "strata.vault.bucket", ""), prefix, sse,
                SettingValues.text(p, "strata.vault.kms-key-id", ""),
                SettingValues.bool(p, "strata.vault.create-bucket", false),
                SettingValues.integer(p, "strata.vault.part-size-mib", 8, 5, 5 * 1024),
                lockMode(p), SettingValues.text(p, "strata.vault.lock-days", "").isEmpty() ? 0
                        : SettingValues.integer(p, "strata.vault.lock-days", 0, 1, 36_500),
                Arrays.stream(SettingValues.text(p, "strata.vault.require", "").split(",")).map(String::trim)
                        .filter(name -> !name.isEmpty()).distinct().toList(),
                SigningKeySetting.read(p));
        DynamoDbSettings dynamodb = new DynamoDbSettings(
                SettingValues.integer(p, "strata.dynamodb.segments", 0, 0, 1_000_000),
                SettingValues.decimal(p, "strata.dynamodb.read-rate", 0),
                SettingValues.integer(p, "strata.dynamodb.scan-page-size", 1000, 1, 1_000_000),
                SettingValues.integer(p, "strata.dynamodb.writers", 8, 1, 1024),
                SettingValues.integer(p, "strata.dynamodb.max-write-attempts", 12, 1, 1000));
        return new StrataSettings(p, SettingValues.text(p, "strata.aws.region", ""),
                endpoint.isBlank() ? Optional.empty() : Optional.of(uri("strata.aws.endpoint", endpoint)),
                Map.copyOf(perService), SettingValues.bool(p, "strata.local", false), vault, dynamodb);
    }

    private static String lockMode(Properties p) {
        String mode = SettingValues.text(p, "strata.vault.lock-mode", "");
        if (!mode.isEmpty() && !mode.equals("GOVERNANCE") && !mode.equals("COMPLIANCE")) {
            throw new SettingsException("strata.vault.lock-mode must be GOVERNANCE or COMPLIANCE, not '" + mode + "'");
        }
        return mode;
    }

    /** The endpoint override for one service: its own key first, then the common one. */
    public Optional<URI> endpointFor(String service) {
        return Optional.ofNullable(serviceEndpoints.get(service)).or(this::endpoint);
    }

    public String requireBucket() {
        if (vault.bucket().isBlank()) {
            throw new SettingsException("strata.vault.bucket is not set: name the S3 bucket of the vault");
        }
        return vault.bucket();
    }

    private static URI uri(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key + " must be a URL such as http://127.0.0.1:4566, not '" + value + "'", e);
        }
    }
}
