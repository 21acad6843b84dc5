package io.strata.copies;

import io.strata.tiering.ObjectCopy;
import io.strata.vault.DataFile;
import io.strata.vault.DescriptorReader;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StorageTier;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.error.VaultException;
import io.strata.vault.stream.DigestingInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies one committed recovery point from one vault to another, same key: the 3-2-1 second copy.
 * Every object but the descriptor first (server-side copies, in parallel), each checked by SHA-256,
 * then the descriptor, the very bytes of the source's: a copy that fails leaves no descriptor, so it
 * never looks committed in the second vault. A rerun finishes what a failed one left: an object
 * already there is kept only if S3's stored SHA-256 of it is the expected one.
 *
 * <p>Each object is checked against the SHA-256 the recovery point recorded for it (data files: a
 * source changed since the backup is caught too), else against the SHA-256 of the source's bytes,
 * read once (manifests, instance configuration). The copy's SHA-256 is the one S3 computes over the
 * copy (CopyObject with {@code ChecksumAlgorithm=SHA256}: nothing is downloaded); when the store gives
 * none, and after a multipart copy (whose checksum is one of part checksums), the copy is read back.
 */
public final class VaultCopier {

    private static final Logger LOG = LoggerFactory.getLogger(VaultCopier.class);
    private static final int COPIERS = 8;

    private final ObjectCopy objects;

    public VaultCopier() {
        this(new ObjectCopy());
    }

    public VaultCopier(ObjectCopy objects) {
        this.objects = objects;
    }

    /** What one copy did: objects copied, objects found there already checked, their bytes. */
    record Result(String key, boolean alreadyThere, int copied, int kept, long bytes) {
    }

    /** Whether the recovery point is committed in {@code vault} (its descriptor is there). */
    public boolean committedIn(Vault vault, String pointKey) {
        return head(vault, relocate(RecoveryPointKey.parse(pointKey), vault).descriptorKey(), false).isPresent();
    }

    /**
     * Copies the recovery point {@code pointKey} of {@code from} into {@code to}; nothing to do when it
     * is committed there already. Fails, without a descriptor in {@code to}, on the first object that
     * cannot be copied or does not check.
     */
    public Result copy(Vault from, Vault to, String pointKey, BooleanSupplier stop) {
        RecoveryPointKey key = RecoveryPointKey.parse(pointKey);
        RecoveryPointKey source = relocate(key, from);
        RecoveryPointKey target = relocate(key, to);
        if (committedIn(to, pointKey)) {
            return new Result(pointKey, true, 0, 0, 0);
        }
        byte[] descriptor = readDescriptor(from, source);
        RecoveryPoint point = parse(from, source, descriptor);
        Map<String, DataFile> recorded = point.files().stream()
                .collect(Collectors.toMap(DataFile::key, Function.identity(), (a, b) -> a));
        List<S3Object> folder = from.s3().listObjectsV2Paginator(r -> r.bucket(from.bucket()).prefix(source.prefix()))
                .contents().stream().toList();
        if (folder.stream().anyMatch(o -> o.key().equals(source.expiringKey()))) {
            throw new VaultException("s3://" + from.bucket() + "/" + source.prefix() + " is being expired: not copied");
        }
        List<S3Object> toCopy = folder.stream().filter(o -> copied(o.key(), source)).toList();
        List<String> listed = toCopy.stream().map(S3Object::key).toList();
        for (String file : recorded.keySet()) {
            if (!listed.contains(file)) {
                throw new VaultException("s3://" + from.bucket() + "/" + file + ", a data file of " + pointKey
                        + ", is missing" + (file.startsWith(source.prefix()) ? "" : " from its folder"));
            }
        }
        List<Outcome> outcomes = inParallel(toCopy, object -> copyOne(from, to, object.key(),
                target.prefix() + object.key().substring(source.prefix().length()), recorded.get(object.key()), stop));
        if (stop.getAsBoolean()) {
            throw new VaultException("stopped before the commit of " + pointKey + " in s3://" + to.bucket());
        }
        // The commit: only now, after every object checked, does the recovery point exist in the second vault.
        to.putBytes(target.descriptorKey(), descriptor, "application/json");
        int copied = (int) outcomes.stream().filter(Outcome::copied).count();
        long bytes = outcomes.stream().mapToLong(Outcome::bytes).sum();
        LOG.info("Copied {} to s3://{}: {} object(s) copied, {} already there and checked, {} bytes", pointKey,
                to.bucket(), copied, outcomes.size() - copied, bytes);
        return new Result(pointKey, false, copied, outcomes.size() - copied, bytes);
    }

    /**
     * The descriptor is written last, apart; a lease or an expiry marker is no part of a recovery point;
     * a verification record proves the copy it read, not this one.
     */
    private static boolean copied(String objectKey, RecoveryPointKey folder) {
        return !objectKey.equals(folder.descriptorKey()) && !objectKey.equals(folder.expiringKey())
                && !objectKey.equals(folder.prefix() + AttemptLease.NAME)
                && !objectKey.startsWith(folder.verificationsPrefix());
    }

    private record Outcome(boolean copied, long bytes) {
    }

    private Outcome copyOne(Vault from, Vault to, String sourceKey, String targetKey, DataFile recorded,
                            BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new VaultException("stopped before s3://" + from.bucket() + "/" + sourceKey + " was copied");
        }
        HeadObjectResponse head = from.s3().headObject(r -> r.bucket(from.bucket()).key(sourceKey));
        String where = "s3://" + from.bucket() + "/" + sourceKey;
        StorageTier tier = StorageTier.ofS3(head.storageClassAsString());
        if (tier.needsRestore()) {
            throw new VaultException(where + " is in " + tier + ": S3 copies an archived object only once it is "
                    + "restored (RestoreObject), so this recovery point cannot be copied until then");
        }
        if (recorded != null && recorded.bytes() >= 0 && head.contentLength() != recorded.bytes()) {
            throw new VaultException(where + " holds " + head.contentLength() + " bytes, its recovery point recorded "
                    + recorded.bytes() + ": not copied");
        }
        boolean fromDescriptor = recorded != null && recorded.sha256Hex() != null;
        String expected = fromDescriptor ? recorded.sha256Hex() : sha256(from, sourceKey, head.eTag()).sha256Hex();
        Optional<HeadObjectResponse> there = head(to, targetKey, true);
        if (there.isPresent() && there.get().contentLength().equals(head.contentLength())
                && expected.equals(hex(there.get().checksumSHA256()))) {
            return new Outcome(false, head.contentLength());
        }
        String storageClass = head.storageClassAsString() == null ? StorageTier.STANDARD.name() : head.storageClassAsString();
        ObjectCopy.Copied result = objects.copy(new ObjectCopy.Source(from.bucket(), sourceKey, head), to, targetKey,
                storageClass, true);
        String actual;
        if (result.sha256Base64() != null) {
            actual = hex(result.sha256Base64());
        } else {
            DigestingInputStream.Result read = sha256(to, targetKey, null);
            actual = read.bytes() == head.contentLength() ? read.sha256Hex() : "of " + read.bytes() + " bytes";
        }
        if (!expected.equals(actual)) {
            deleteQuietly(to, targetKey);
            throw new VaultException("s3://" + to.bucket() + "/" + targetKey + " does not check: SHA-256 " + actual
                    + ", expected " + expected + (fromDescriptor ? " (recorded in recovery-point.json: " + where
                    + " changed since the backup)" : " (of " + where + ")") + "; the copy was removed");
        }
        return new Outcome(true, head.contentLength());
    }

    /**
     * Runs {@code work} on every item, {@link #COPIERS} at a time. After a failure no new copy starts,
     * and the copies in flight finish (a copy cut off mid-request is only an unknown); then the first
     * failure is thrown.
     */
    private <T> List<Outcome> inParallel(List<T> items, Function<T, Outcome> work) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(COPIERS, items.size())), r -> {
            Thread thread = new Thread(r, "vault-copier");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Outcome>> futures = items.stream().map(item -> pool.submit(() -> {
                if (failed.get() != null) {
                    return null;
                }
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try {
                    return work.apply(item);
                } catch (RuntimeException | Error e) {
                    failed.compareAndSet(null, e);
                    throw e;
                }
            })).toList();
            List<Outcome> outcomes = new ArrayList<>();
            Throwable first = null;
            for (Future<Outcome> future : futures) {
                try {
                    outcomes.add(future.get());
                } catch (ExecutionException e) {
                    first = first == null ? e.getCause() : first;
                }
            }
            if (failed.get() instanceof RuntimeException e) {
                throw e;
            }
            if (first != null) { // an Error
                throw new VaultException("Copy failed: " + first, first);
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException("Interrupted while copying", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same recovery point under {@code vault}'s prefix (a descriptor may name another prefix). */
    private static RecoveryPointKey relocate(RecoveryPointKey key, Vault vault) {
        return new RecoveryPointKey(vault.prefix(), key.service(), key.region(), key.resource(), key.time(), key.suffix());
    }

    private static byte[] readDescriptor(Vault from, RecoveryPointKey source) {
        try {
            // The one reader: its own folder, bounded and, with a signing key, checked before it is copied
            // (the copy is signed anew, and must never launder a forgery).
            return new DescriptorReader(from).descriptorBytes(source);
        } catch (NoSuchKeyException e) {
            throw new VaultException("No committed recovery point at s3://" + from.bucket() + "/" + source.prefix(), e);
        }
    }

    private static RecoveryPoint parse(Vault from, RecoveryPointKey source, byte[] descriptor) {
        return new DescriptorReader(from).parse(source, source.descriptorKey(), descriptor);
    }

    /** HEAD, empty when the object is not there; with {@code checksum}, S3's stored checksums too. */
    private static Optional<HeadObjectResponse> head(Vault vault, String key, boolean checksum) {
        return vault.head(key, null, checksum);
    }

    /** Reads the object whole (the version {@code etag}, if given) and digests it. */
    private static DigestingInputStream.Result sha256(Vault vault, String key, String etag) {
        try (DigestingInputStream in = new DigestingInputStream(vault.s3().getObject(r -> r.bucket(vault.bucket())
                .key(key).ifMatch(etag)))) {
            return in.drain().result();
        } catch (IOException e) {
            throw new VaultException("Cannot read s3://" + vault.bucket() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Vault vault, String key) {
        try {
            vault.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the bad copy s3://{}/{}: {}", vault.bucket(), key, e.getMessage());
        }
    }

    private static String hex(String base64) {
        return base64 == null ? null : HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    }
}
