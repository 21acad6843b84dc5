package io.strata.vault;

import io.strata.exit.UsageException;
import java.util.Optional;

/**
 * A recovery point as a user names it: as {@code strata list} prints it (in the configured vault),
 * or as {@code s3://bucket/<key>} (in any bucket), the form {@code restore} also accepts.
 *
 * @param bucket null for the configured vault's bucket
 */
public record RecoveryPointAddress(String bucket, RecoveryPointKey key) {

    /** Empty for an {@code s3://} URI that is not laid out as a recovery point (a native export, say). */
    public static Optional<RecoveryPointAddress> find(String reference) {
        String text = reference.trim();
        if (!text.startsWith("s3://")) {
            return Optional.of(new RecoveryPointAddress(null, RecoveryPointKey.parse(text)));
        }
        String path = text.substring("s3://".length());
        int slash = path.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RecoveryPointAddress(path.substring(0, slash),
                    RecoveryPointKey.parse(path.substring(slash + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Like {@link #find}, failing with the expected forms when {@code reference} names no recovery point:
     * bad usage, since nothing was read yet.
     */
    public static RecoveryPointAddress require(String reference) {
        Optional<RecoveryPointAddress> found;
        try {
            found = find(reference);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return found.orElseThrow(() -> new UsageException("'" + reference
                + "' is not a recovery point: expected [prefix]strata/<service>/<region>/<resource>/<stamp>/ as printed "
                + "by 'strata list', or s3://BUCKET/[prefix]strata/<service>/<region>/<resource>/<stamp>/ "
                + "(a native DynamoDB export is restored with 'strata restore s3://…', it has no recovery-point.json)"));
    }

    /** The vault holding it: {@code home}, or the same settings over the named bucket. */
    public Vault vault(Vault home) {
        return bucket == null ? home : home.readableIn(bucket);
    }
}
