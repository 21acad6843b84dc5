package io.strata.vault.lock;

import io.strata.vault.error.S3Errors;
import io.strata.vault.error.VaultException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the settings ask of Object Lock ({@code strata.vault.lock-mode}, {@code strata.vault.lock-days}),
 * resolved once against the bucket's Object Lock configuration into the {@link ObjectLock} of every
 * write. Settings that would protect nothing, or less than the bucket's own default retention,
 * are refused with the key to change.
 */
public record ObjectLockPolicy(Optional<ObjectLockMode> mode, OptionalInt days) {

    public static final String MODE_KEY = "strata.vault.lock-mode";
    public static final String DAYS_KEY = "strata.vault.lock-days";

    /** Nothing asked: follow the bucket (its default retention if it has Object Lock). */
    public static final ObjectLockPolicy BUCKET = new ObjectLockPolicy(Optional.empty(), OptionalInt.empty());

    /** From the settings' text: a blank mode and 0 days mean "not set". */
    public static ObjectLockPolicy of(String mode, int days) {
        return new ObjectLockPolicy(mode == null || mode.isBlank() ? Optional.empty() : Optional.of(ObjectLockMode.fromValue(mode)),
                days > 0 ? OptionalInt.of(days) : OptionalInt.empty());
    }

    /** Reads the bucket's configuration (one GetObjectLockConfiguration) and resolves against it. */
    public ObjectLock resolve(S3Client s3, String bucket, Clock clock) {
        return resolve(bucket, configuration(s3, bucket), clock);
    }

    public ObjectLock resolve(String bucket, Optional<ObjectLockConfiguration> configuration, Clock clock) {
        boolean locked = configuration.map(c -> c.objectLockEnabled() == ObjectLockEnabled.ENABLED).orElse(false);
        if (!locked) {
            if (days.isPresent() || mode.isPresent()) {
                String key = days.isPresent() ? DAYS_KEY + "=" + days.getAsInt() : MODE_KEY + "=" + mode.get();
                throw new VaultException(key + " is set, but vault bucket '" + bucket + "' has no S3 Object Lock: it "
                        + "would protect nothing. Enable Object Lock on the bucket (strata vault check prints the "
                        + "command) or remove " + key.substring(0, key.indexOf('=')));
            }
            return ObjectLock.none(clock);
        }
        Optional<DefaultRetention> byDefault = configuration.map(ObjectLockConfiguration::rule)
                .map(ObjectLockRule::defaultRetention);
        Optional<ObjectLockMode> defaultMode = byDefault.map(d -> ObjectLockMode.fromValue(d.modeAsString()));
        Optional<Period> defaultPeriod = byDefault.map(ObjectLockPolicy::period);
        if (days.isEmpty() && defaultPeriod.isEmpty()) {
            throw new VaultException("Vault bucket '" + bucket + "' has S3 Object Lock but no default retention: set "
                    + DAYS_KEY + " (how many days each object Strata writes stays locked), or give the bucket a "
                    + "default retention");
        }
        ObjectLockMode chosenMode = mode.or(() -> defaultMode).orElse(ObjectLockMode.GOVERNANCE);
        Period chosen = days.isPresent() ? Period.ofDays(days.getAsInt()) : defaultPeriod.get();
        // Explicit lock headers replace the bucket's default: never let them weaken it.
        if (defaultMode.orElse(null) == ObjectLockMode.COMPLIANCE && chosenMode == ObjectLockMode.GOVERNANCE) {
            throw new VaultException(MODE_KEY + "=GOVERNANCE is weaker than vault bucket '" + bucket + "''s default "
                    + "retention mode COMPLIANCE: set it to COMPLIANCE or leave it unset");
        }
        if (defaultPeriod.isPresent() && shorter(chosen, defaultPeriod.get())) {
            throw new VaultException(DAYS_KEY + "=" + days.getAsInt() + " is shorter than vault bucket '" + bucket
                    + "''s default retention (" + describe(defaultPeriod.get()) + "): raise it, or leave it unset to "
                    + "use the bucket's");
        }
        return new ObjectLock(chosenMode, chosen, clock, byDefault.isPresent());
    }

    /** The bucket's Object Lock configuration; empty when it has none. */
    public static Optional<ObjectLockConfiguration> configuration(S3Client s3, String bucket) {
        try {
            return Optional.ofNullable(s3.getObjectLockConfiguration(r -> r.bucket(bucket)).objectLockConfiguration());
        } catch (S3Exception e) {
            if (notConfigured(e)) {
                return Optional.empty();
            }
            throw new VaultException("Cannot read the Object Lock configuration of vault bucket '" + bucket
                    + "' (it needs s3:GetBucketObjectLockConfiguration): " + S3Errors.describe(e), e);
        }
    }

    /**
     * AWS answers 404 ObjectLockConfigurationNotFoundError. S3Mock (the local mode's S3) answers
     * 400 InvalidRequest "Bucket is missing Object Lock Configuration" instead.
     */
    private static boolean notConfigured(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return "ObjectLockConfigurationNotFoundError".equals(code)
                || ("InvalidRequest".equals(code) && String.valueOf(e.awsErrorDetails().errorMessage())
                        .contains("missing Object Lock Configuration"));
    }

    static Period period(DefaultRetention retention) {
        return retention.days() != null ? Period.ofDays(retention.days()) : Period.ofYears(retention.years());
    }

    private static boolean shorter(Period a, Period b) {
        LocalDate from = LocalDate.of(2000, 1, 1);
        return from.plus(a).isBefore(from.plus(b));
    }

    static String describe(Period period) {
        return period.getYears() > 0 ? period.getYears() + (period.getYears() == 1 ? " year" : " years")
                : period.getDays() + (period.getDays() == 1 ? " day" : " days");
    }
}
