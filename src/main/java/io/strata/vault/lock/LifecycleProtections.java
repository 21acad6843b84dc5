package io.strata.vault.lock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.text.Json;
import io.strata.vault.error.S3Errors;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The vault's protections that are lifecycle rules: one aborting incomplete multipart uploads, and on
 * a versioned bucket one expiring noncurrent versions (what an expiry, an overwrite or a failed
 * backup leaves behind would otherwise be billed forever). Every fix prints the same whole
 * configuration: the bucket's rules as they are plus each missing rule, since
 * {@code put-bucket-lifecycle-configuration} replaces them all — running one fix, or both, loses nothing.
 */
final class LifecycleProtections {

    /** Days after which the suggested rule aborts an upload: longer than any export. */
    static final int ABORT_AFTER_DAYS = 7;
    static final String ABORT_RULE_ID = "strata-abort-incomplete-uploads";
    /** Days a noncurrent version is kept by the suggested rule: time to notice an unwanted overwrite or delete. */
    static final int NONCURRENT_DAYS = 30;
    static final String NONCURRENT_RULE_ID = "strata-noncurrent-version-expiration";

    private final String bucket;
    private final String prefix;
    private final List<LifecycleRule> rules;
    private final GetBucketLifecycleConfigurationResponse lifecycle;
    private final BucketVersioningStatus versioning;

    private LifecycleProtections(String bucket, String prefix, List<LifecycleRule> rules,
                                 GetBucketLifecycleConfigurationResponse lifecycle, BucketVersioningStatus versioning) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.rules = rules;
        this.lifecycle = lifecycle;
        this.versioning = versioning;
    }

    /** The bucket's lifecycle rules and versioning status, read now. */
    static LifecycleProtections read(S3Client s3, String bucket, String prefix) {
        List<LifecycleRule> rules;
        GetBucketLifecycleConfigurationResponse lifecycle = null;
        try {
            lifecycle = s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket));
            rules = lifecycle.rules();
        } catch (S3Exception e) {
            if (!"NoSuchLifecycleConfiguration".equals(S3Errors.code(e))) {
                throw e;
            }
            rules = List.of();
        }
        BucketVersioningStatus versioning = s3.getBucketVersioning(r -> r.bucket(bucket)).status();
        return new LifecycleProtections(bucket, prefix, rules, lifecycle, versioning);
    }

    ProtectionCheck abortIncompleteUploads() {
        Optional<LifecycleRule> aborting = aborting();
        if (aborting.isPresent()) {
            return ProtectionCheck.ok(Protection.ABORT_INCOMPLETE_UPLOADS, "rule '" + aborting.get().id()
                    + "' aborts them after " + aborting.get().abortIncompleteMultipartUpload().daysAfterInitiation() + " day(s)");
        }
        return ProtectionCheck.missing(Protection.ABORT_INCOMPLETE_UPLOADS, "no enabled lifecycle rule aborts incomplete "
                + "multipart uploads under '" + prefix + "strata/': the parts of an upload killed mid-way are billed until "
                + "removed" + kept(), fix());
    }

    ProtectionCheck noncurrentVersionExpiration() {
        if (!versioned()) {
            return ProtectionCheck.ok(Protection.NONCURRENT_VERSION_EXPIRATION, "not needed while versioning is off "
                    + "(S3 keeps no noncurrent versions); add it with versioning");
        }
        Optional<LifecycleRule> expiring = expiringNoncurrent();
        if (expiring.isPresent()) {
            return ProtectionCheck.ok(Protection.NONCURRENT_VERSION_EXPIRATION, "rule '" + expiring.get().id()
                    + "' expires noncurrent versions after " + expiring.get().noncurrentVersionExpiration().noncurrentDays()
                    + " day(s)");
        }
        return ProtectionCheck.missing(Protection.NONCURRENT_VERSION_EXPIRATION, "versioning is "
                + (versioning == BucketVersioningStatus.ENABLED ? "on" : "suspended (older versions remain)")
                + " and no enabled lifecycle rule expires noncurrent versions under '" + prefix + "strata/': the versions "
                + "an expiry or an overwrite leaves are billed forever (the fix keeps them " + NONCURRENT_DAYS
                + " days: choose yours; Object Lock still holds a locked version until its date)" + kept(), fix());
    }

    private boolean versioned() {
        return versioning == BucketVersioningStatus.ENABLED || versioning == BucketVersioningStatus.SUSPENDED;
    }

    private Optional<LifecycleRule> aborting() {
        return rules.stream().filter(rule -> rule.status() == ExpirationStatus.ENABLED
                        && rule.abortIncompleteMultipartUpload() != null
                        && rule.abortIncompleteMultipartUpload().daysAfterInitiation() != null)
                .filter(this::coversVault).findFirst();
    }

    private Optional<LifecycleRule> expiringNoncurrent() {
        return rules.stream().filter(rule -> rule.status() == ExpirationStatus.ENABLED
                        && rule.noncurrentVersionExpiration() != null
                        && rule.noncurrentVersionExpiration().noncurrentDays() != null)
                .filter(this::coversVault).findFirst();
    }

    private String kept() {
        return rules.isEmpty() ? "" : " (the fix keeps the bucket's " + rules.size() + " rule(s))";
    }

    /** The bucket's rules as they are, plus every Strata rule that is missing. */
    private String fix() {
        ObjectNode configuration = Json.MAPPER.createObjectNode();
        ArrayNode all = configuration.putArray("Rules");
        rules.forEach(rule -> all.add(AwsCliJson.of(rule)));
        if (aborting().isEmpty()) {
            ObjectNode rule = all.addObject();
            rule.put("ID", ABORT_RULE_ID);
            rule.put("Status", "Enabled");
            rule.putObject("Filter").put("Prefix", prefix);
            rule.putObject("AbortIncompleteMultipartUpload").put("DaysAfterInitiation", ABORT_AFTER_DAYS);
        }
        if (versioned() && expiringNoncurrent().isEmpty()) {
            ObjectNode rule = all.addObject();
            rule.put("ID", NONCURRENT_RULE_ID);
            rule.put("Status", "Enabled");
            rule.putObject("Filter").put("Prefix", prefix);
            rule.putObject("NoncurrentVersionExpiration").put("NoncurrentDays", NONCURRENT_DAYS);
        }
        String size = lifecycle == null || lifecycle.transitionDefaultMinimumObjectSizeAsString() == null ? ""
                : " --transition-default-minimum-object-size " + lifecycle.transitionDefaultMinimumObjectSizeAsString();
        return "aws s3api put-bucket-lifecycle-configuration --bucket " + bucket + " --lifecycle-configuration "
                + AwsCliJson.quoted(configuration) + size;
    }

    /**
     * Whether the rule applies to every object under the vault prefix: a key prefix that holds it, and no
     * tag or size condition (Strata's own tiering rules match tagged objects only: they do not count).
     */
    private boolean coversVault(LifecycleRule rule) {
        LifecycleRuleFilter filter = rule.filter();
        String rulePrefix;
        if (filter == null) {
            rulePrefix = rule.prefix() == null ? "" : rule.prefix();
        } else if (filter.tag() != null || filter.objectSizeGreaterThan() != null || filter.objectSizeLessThan() != null) {
            return false;
        } else if (filter.and() != null) {
            LifecycleRuleAndOperator and = filter.and();
            if (and.hasTags() && !and.tags().isEmpty() || and.objectSizeGreaterThan() != null
                    || and.objectSizeLessThan() != null) {
                return false;
            }
            rulePrefix = and.prefix() == null ? "" : and.prefix();
        } else {
            rulePrefix = filter.prefix() == null ? "" : filter.prefix();
        }
        return (prefix + "strata/").startsWith(rulePrefix);
    }
}
