package io.strata.copies;

import io.strata.retention.ArchivePolicies;
import io.strata.retention.ArchivePolicy;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import io.strata.vault.lock.ObjectEncryption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The plans' second vaults ({@code strata.plan.<name>.copy-to-vault=BUCKET[,region]}): each recovery
 * point a plan commits is copied there before its outcome is reported, and the archive pass completes
 * the copies a failed run left missing, then applies the plan's retention and tiering there too.
 *
 * <p>A second vault has the primary's prefix and encryption; it is written through an S3 client of its
 * own region (the one named, else the one S3 reports for the bucket, else the home region). Its bucket
 * is checked at the first copy: it must exist (or {@code strata.vault.create-bucket=true} creates it),
 * lie in the region named, and be reachable by the KMS key the objects are encrypted with.
 */
public final class VaultCopies {

    private static final Logger LOG = LoggerFactory.getLogger(VaultCopies.class);
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):.*");

    private final ArchivePolicies policies;
    private final Vault primary;
    private final Function<Region, S3Client> regionalS3;
    private final boolean createBucket;
    private final BooleanSupplier stop;
    private final VaultCopier copier;
    private final Map<String, Vault> checked = new ConcurrentHashMap<>();

    /**
     * @param regionalS3   an S3 client signing for a region ({@code AwsClients::s3})
     * @param createBucket {@code strata.vault.create-bucket}: a missing second bucket is created too
     */
    public VaultCopies(ArchivePolicies policies, Vault primary, Function<Region, S3Client> regionalS3,
                       boolean createBucket, BooleanSupplier stop) {
        this(policies, primary, regionalS3, createBucket, stop, new VaultCopier());
    }

    VaultCopies(ArchivePolicies policies, Vault primary, Function<Region, S3Client> regionalS3, boolean createBucket,
                BooleanSupplier stop, VaultCopier copier) {
        this.policies = policies;
        this.primary = primary;
        this.regionalS3 = regionalS3;
        this.createBucket = createBucket;
        this.stop = stop;
        this.copier = copier;
    }

    /**
     * Copies a recovery point just committed to its plan's second vault, if the plan has one (a backup
     * without a plan has none). Fails with what went wrong and how the copy gets completed.
     */
    public void copyCommitted(RecoveryPoint point) {
        if (point.plan() == null) {
            return;
        }
        Optional<ArchivePolicy.VaultCopy> copy = policies.of(point.plan()).copyToVault();
        if (copy.isEmpty()) {
            return;
        }
        try {
            copier.copy(primary, secondVault(point.plan(), copy.get()), point.key(), stop);
        } catch (RuntimeException e) {
            throw new VaultException("its copy to s3://" + copy.get().bucket() + " (" + setting(point.plan())
                    + ") failed: " + e.getMessage() + "; the next archive pass completes it (strata archive --plan "
                    + point.plan() + ")", e);
        }
    }

    /**
     * The copies missing in the plan's second vault of the recovery points the primary keeps
     * ({@code kept}), made there (a dry run only names them). Problems are in the result, never thrown.
     */
    public Completion complete(ArchivePolicy policy, List<String> kept, boolean dryRun) {
        ArchivePolicy.VaultCopy copy = policy.copyToVault().orElseThrow();
        Vault second;
        try {
            second = secondVault(policy.plan(), copy, !dryRun);
        } catch (MissingBucket e) {
            // A dry run creates nothing: with create-bucket, every copy is still to be made.
            return new Completion(Optional.empty(), true, createBucket ? kept : List.of(),
                    createBucket ? List.of() : List.of(e.getMessage()));
        } catch (RuntimeException e) {
            return new Completion(Optional.empty(), false, List.of(), List.of(e.getMessage()));
        }
        List<String> copied = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String key : kept) {
            try {
                if (dryRun) {
                    if (!copier.committedIn(second, key)) {
                        copied.add(key);
                    }
                } else if (!copier.copy(primary, second, key, stop).alreadyThere()) {
                    copied.add(key);
                }
            } catch (RuntimeException e) {
                LOG.warn("Copy of {} to s3://{} not completed: {}", key, second.bucket(), e.getMessage(), e);
                problems.add("copy of " + key + " from s3://" + primary.bucket() + " not completed: " + e.getMessage());
            }
        }
        return new Completion(Optional.of(second), false, copied, problems);
    }

    /**
     * What {@link #complete} did.
     *
     * @param vault    the second vault, empty when it could not be reached or does not exist
     * @param missing  its bucket does not exist (and was not created)
     * @param copied   the recovery points copied there (in a dry run: to be copied)
     * @param problems what went wrong, one line each
     */
    public record Completion(Optional<Vault> vault, boolean missing, List<String> copied, List<String> problems) {
    }

    /** The plan's second vault, checked once: the bucket exists (or is created), in its region, for its key. */
    public Vault secondVault(String plan, ArchivePolicy.VaultCopy copy) {
        return secondVault(plan, copy, true);
    }

    /** @param mayCreate false in a dry run: a missing bucket is reported, never created */
    private Vault secondVault(String plan, ArchivePolicy.VaultCopy copy, boolean mayCreate) {
        Vault known = checked.get(copy.bucket());
        if (known != null) {
            return known;
        }
        synchronized (this) {
            Vault vault = checked.get(copy.bucket());
            if (vault == null) {
                vault = check(plan, copy, mayCreate && createBucket);
                checked.put(copy.bucket(), vault);
            }
            return vault;
        }
    }

    private Vault check(String plan, ArchivePolicy.VaultCopy copy, boolean create) {
        Region home = primary.s3().serviceClientConfiguration().region();
        Optional<Region> named = copy.region().map(Region::of);
        S3Client client = named.map(regionalS3).orElse(primary.s3());
        Optional<String> reported = headBucket(client, copy.bucket(), plan, named.orElse(home), create);
        if (named.isPresent() && reported.isPresent() && !reported.get().equals(named.get().id())) {
            throw new VaultException("Second vault bucket '" + copy.bucket() + "' is in " + reported.get() + ", not in "
                    + named.get() + " as " + setting(plan) + " says");
        }
        Region region = named.orElseGet(() -> reported.map(Region::of).orElse(home));
        if (named.isEmpty() && !region.equals(home)) {
            client = regionalS3.apply(region);
        }
        kmsProblem(primary.encryption(), home, region).ifPresent(problem -> {
            throw new VaultException(problem + ": the second vault s3://" + copy.bucket() + " (" + setting(plan)
                    + ") is in " + region + ". Name the key by an alias that exists in both regions (alias/NAME), "
                    + "or leave strata.vault.kms-key-id empty for each region's AWS managed key");
        });
        Vault second = primary.inBucket(copy.bucket(), client);
        second.locks().objectLock(); // the vault's lock settings hold in the second bucket too: a mismatch is named now
        if (primary.locks().objectLock().enabled() && !second.locks().objectLock().enabled()) {
            // Locked by its bucket's default retention alone (no lock-days), the vault would copy into a
            // bucket where whoever may delete can delete the copies: the second copy must not be weaker.
            throw new VaultException("Second vault bucket '" + copy.bucket() + "' (" + setting(plan) + ") has no S3 "
                    + "Object Lock, but vault bucket '" + primary.bucket() + "' locks every object Strata writes ("
                    + primary.locks().objectLock().describe() + "): its copies would be deletable. Create it with Object Lock "
                    + "and a default retention, or name a bucket that has them");
        }
        LOG.info("Plan {} copies each recovery point to s3://{} ({})", plan, copy.bucket(), region);
        return second;
    }

    /** The bucket's region as S3 reports it (HeadBucket), after creating the bucket when asked to. */
    private Optional<String> headBucket(S3Client client, String bucket, String plan, Region region, boolean create) {
        try {
            return Optional.ofNullable(client.headBucket(r -> r.bucket(bucket)).bucketRegion());
        } catch (NoSuchBucketException e) {
            if (!create) {
                throw new MissingBucket("Second vault bucket '" + bucket + "' (" + setting(plan) + ") does not exist: "
                        + "create it, or set strata.vault.create-bucket=true", e);
            }
            LOG.info("Creating second vault bucket {} in {}", bucket, region);
            boolean locked = primary.lockPolicy().days().isPresent();
            client.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(locked ? Boolean.TRUE : null)
                    .createBucketConfiguration(region.equals(Region.US_EAST_1) ? null
                    : CreateBucketConfiguration.builder()
                    .locationConstraint(region.id()).build()));
            return Optional.empty();
        } catch (S3Exception e) {
            throw new VaultException("Cannot reach second vault bucket '" + bucket + "' (" + setting(plan) + "): "
                    + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage())
                    + " [HTTP " + e.statusCode() + "]", e);
        }
    }

    /**
     * Why the vault's SSE-KMS key cannot encrypt objects in {@code second}: a KMS key serves its own
     * region only, so a key ARN of another region or a bare key id (of the home region) cannot; an
     * alias ({@code alias/NAME}) is looked up in the bucket's region.
     */
    static Optional<String> kmsProblem(ObjectEncryption encryption, Region home, Region second) {
        if (!"aws:kms".equals(encryption.algorithm()) || encryption.kmsKeyId() == null) {
            return Optional.empty();
        }
        String key = encryption.kmsKeyId();
        Matcher arn = KEY_ARN.matcher(key);
        Region keyRegion = arn.matches() ? Region.of(arn.group(1)) : key.startsWith("alias/") ? second : home;
        return keyRegion.equals(second) ? Optional.empty() : Optional.of("strata.vault.kms-key-id names a KMS key of "
                + keyRegion + ", and a KMS key serves its own region only");
    }

    private static final class MissingBucket extends VaultException {
        MissingBucket(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String setting(String plan) {
        return "strata.plan." + plan + ".copy-to-vault";
    }
}
