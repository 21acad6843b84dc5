package io.strata.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.strata.config.StrataSettings;
import io.strata.text.Json;
import io.strata.vault.error.VaultException;
import io.strata.vault.lock.ObjectEncryption;
import io.strata.vault.lock.ObjectLock;
import io.strata.vault.lock.ObjectLockPolicy;
import io.strata.vault.lock.ProtectedBucket;
import io.strata.vault.stream.ObjectVersion;
import io.strata.vault.stream.ResumingObjectStream;
import io.strata.vault.stream.S3MultipartOutputStream;
import io.strata.vault.stream.S3RangeInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 vault: writes encrypted (and, in a locked bucket, locked) objects, commits, lists, reads and cleans up recovery points. */
public final class Vault implements ProtectedBucket {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ObjectEncryption encryption;
    private final ObjectLockPolicy lockPolicy;
    private final Clock clock;
    private final int partSize;
    private static final int RANGE_SIZE = 8 * 1024 * 1024;
    private final VaultLocks locks;
    private final CatalogSignature signature;
    private final ReadableBuckets readable;

    public Vault(S3Client s3, String bucket, String prefix, ObjectEncryption encryption, int partSizeMiB) {
        this(s3, bucket, prefix, encryption, ObjectLockPolicy.BUCKET, partSizeMiB, Clock.systemUTC());
    }

    public Vault(S3Client s3, String bucket, String prefix, ObjectEncryption encryption, ObjectLockPolicy lockPolicy,
                 int partSizeMiB, Clock clock) {
        this(s3, bucket, prefix, encryption, lockPolicy, partSizeMiB, clock, CatalogSignature.off(), ReadableBuckets.none());
    }

    private Vault(S3Client s3, String bucket, String prefix, ObjectEncryption encryption, ObjectLockPolicy lockPolicy,
                  int partSizeMiB, Clock clock, CatalogSignature signature, ReadableBuckets readable) {
        this.signature = signature;
        this.readable = readable;
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.encryption = encryption;
        this.lockPolicy = lockPolicy;
        this.clock = clock;
        this.partSize = partSizeMiB * 1024 * 1024;
        this.locks = new VaultLocks(this, lockPolicy, clock);
    }

    /** The vault the settings describe ({@code strata.vault.*}). */
    public static Vault from(S3Client s3, StrataSettings settings) {
        return from(s3, settings, Clock.systemUTC());
    }

    public static Vault from(S3Client s3, StrataSettings settings, Clock clock) {
        return from(s3, CatalogSignature::noKmsClient, settings, clock);
    }

    /** The same, signing with {@code strata.vault.signing-key} through {@code kms} (asked for only when it is set). */
    public static Vault from(S3Client s3, Supplier<KmsClient> kms, StrataSettings settings, Clock clock) {
        VaultSettings vault = VaultSettings.from(settings.properties());
        return new Vault(s3, vault.requireBucket(), vault.prefix(), ObjectEncryption.of(vault.sse(), vault.kmsKeyId()),
                ObjectLockPolicy.of(vault.lockMode(), vault.lockDays()), vault.partSizeMiB(), clock,
                CatalogSignature.with(vault.signingKey(), kms), ReadableBuckets.from(settings.properties()));
    }

    /** The same vault settings over a bucket a user named (s3://bucket/key), if it may be read ({@link ReadableBuckets}). */
    public Vault readableIn(String otherBucket) {
        readable.require(otherBucket, bucket);
        return inBucket(otherBucket);
    }

    /** The same vault settings over another bucket Strata itself chose (a plan's second vault). */
    public Vault inBucket(String otherBucket) {
        return otherBucket.equals(bucket) ? this : inBucket(otherBucket, s3);
    }

    /** The same vault settings over another bucket through another client: a second vault in another region. */
    public Vault inBucket(String otherBucket, S3Client client) {
        return new Vault(client, otherBucket, prefix, encryption, lockPolicy, partSize / (1024 * 1024), clock, signature, readable);
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    public ObjectEncryption encryption() {
        return encryption;
    }

    public S3Client s3() {
        return s3;
    }

    public ObjectLockPolicy lockPolicy() {
        return lockPolicy;
    }

    /** The bucket's Object Lock: what every write carries, and what holds an object. */
    public VaultLocks locks() {
        return locks;
    }

    /**
     * A copy within the vault (a tier change in place) re-states the encryption and the lock: S3
     * keeps neither from the source.
     */
    public CopyObjectRequest.Builder protect(CopyObjectRequest.Builder copy) {
        return locks.objectLock().apply(encryption.apply(copy));
    }

    /** The same for a copy in parts (UploadPartCopy): the upload states them when it is created. */
    public CreateMultipartUploadRequest.Builder protect(CreateMultipartUploadRequest.Builder upload) {
        return locks.objectLock().apply(encryption.apply(upload));
    }

    /**
     * HEAD of a version of {@code key} ({@code null}: the current one), empty when it is not there;
     * with {@code checksums}, S3's stored checksums too.
     */
    public Optional<HeadObjectResponse> head(String key, String versionId, boolean checksums) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key).versionId(versionId)
                    .checksumMode(checksums ? ChecksumMode.ENABLED : null)));
        } catch (S3Exception e) { // NoSuchKeyException too: a HEAD's 404 has no body to name it
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Fails naming the bucket unless it exists (created if asked, locked if lock-days says), then reads its lock. */
    public void checkBucket(boolean createIfMissing) {
        checkBucketExists(createIfMissing);
        locks.objectLock();
        signature.probe();
    }

    /** Fails with the bucket's name unless it exists; creates it when asked to. */
    public void checkBucketExists(boolean createIfMissing) {
        VaultBucket.checkExists(s3, bucket, lockPolicy, createIfMissing);
    }

    public S3MultipartOutputStream openUpload(String key) {
        return new S3MultipartOutputStream(s3, bucket, key, encryption, locks.objectLock(), partSize);
    }

    public void putJson(String key, Object value) {
        putBytes(key, toJson(value), "application/json");
    }

    static byte[] toJson(Object value) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new VaultException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Stores an object encrypted and, in a locked bucket, locked. */
    public void putBytes(String key, byte[] bytes, String contentType) {
        put(key, bytes, contentType, locks.objectLock());
    }

    /**
     * A control object that must go when its job ends (the attempt lease, an expiry's marker):
     * encrypted, never locked by Strata. Locked, it could not be deleted for lock-days and would
     * block the very job it tracks.
     */
    public PutObjectResponse putControl(String key, Object value) {
        return put(key, toJson(value), "application/json", ObjectLock.none(clock));
    }

    private PutObjectResponse put(String key, byte[] bytes, String contentType, ObjectLock objectLock) {
        PutObjectRequest request = objectLock.apply(encryption.apply(PutObjectRequest.builder().bucket(bucket).key(key)))
                .contentType(contentType).metadata(signature.metadataFor(key, bytes)).build();
        return s3.putObject(request, RequestBody.fromBytes(bytes));
    }

    public InputStream open(String key) {
        return open(bucket, key);
    }

    /** A streamed GET that resumes where its body was cut ({@link ResumingObjectStream}). */
    public InputStream open(String otherBucket, String key) {
        try {
            return ResumingObjectStream.open(s3, otherBucket, key);
        } catch (NoSuchKeyException e) {
            throw new VaultException("Missing object s3://" + otherBucket + "/" + key, e);
        }
    }

    /** Reads an object in ranged GETs: for a consumer that may pause for long (a throttled restore). */
    public InputStream openRanged(String otherBucket, String key) {
        return new S3RangeInputStream(s3, otherBucket, key, RANGE_SIZE);
    }

    /** Ranged GETs of exactly {@code version} (any object, when null); {@link S3RangeInputStream#version()} says which was read. */
    public S3RangeInputStream openRanged(String otherBucket, String key, ObjectVersion version) {
        return new S3RangeInputStream(s3, otherBucket, key, RANGE_SIZE, version);
    }

    /** Commits a recovery point: its descriptor is the last object written ({@link DescriptorCommit}). */
    public void commit(RecoveryPoint point) {
        new DescriptorCommit(this).commit(point);
    }

    /** The committed recovery point of the folder {@code key} ({@link DescriptorReader}: exactly that folder's). */
    public RecoveryPoint read(RecoveryPointKey key) {
        try {
            return new DescriptorReader(this).descriptor(key);
        } catch (NoSuchKeyException e) {
            throw new VaultException("No committed recovery point at s3://" + bucket + "/" + key.prefix()
                    + " (its recovery-point.json is missing: the backup did not finish, or the key is wrong)", e);
        }
    }

    /**
     * An object the vault wrote whole (descriptor, manifest, marker); with a signing key only if its MAC
     * checks ({@link CatalogSignature}). S3's own exceptions (missing, archived) pass unchanged.
     */
    public byte[] readSigned(String key) {
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
        signature.check(bucket, key, object.asByteArrayUnsafe(), object.response().metadata());
        return object.asByteArrayUnsafe();
    }

    CatalogSignature signature() { // for readers that fetch an object their own way (DescriptorReader)
        return signature;
    }

    /**
     * Committed recovery points that pass {@code filter}, newest first per resource; a descriptor
     * that cannot be read is reported in the listing's problems by its key instead of hiding the others.
     */
    public Listing list(Predicate<RecoveryPoint> filter) {
        return new Catalog(this).list("", key -> true, filter);
    }

    /** The same, reading only one service's folder ({@code strata/<service>/}). */
    public Listing list(String service, Predicate<RecoveryPoint> filter) {
        return new Catalog(this).list(service + "/", key -> true, filter);
    }

    /**
     * The same, reading only the descriptors whose key passes {@code keys}: listing and archive
     * planning fetch the recovery points of the selected resources, not the whole vault.
     */
    public Listing list(String service, Predicate<RecoveryPointKey> keys, Predicate<RecoveryPoint> filter) {
        return new Catalog(this).list(service + "/", keys, filter);
    }

    /**
     * The same, listing only {@code <region>/<resourcePrefix>} folders of the service (empty: the
     * whole service folder), e.g. {@code orders/} for the table orders in every region.
     */
    public Listing list(String service, List<String> resourcePrefixes, Predicate<RecoveryPointKey> keys,
                        Predicate<RecoveryPoint> filter) {
        return resourcePrefixes.isEmpty() ? list(service, keys, filter)
                : new Catalog(this).list(service, resourcePrefixes, keys, filter);
    }

    /** Fails unless {@code key} is stored with {@code bytes} bytes: the last look before a commit. */
    public void checkStored(String key, long bytes) {
        new DescriptorCommit(this).checkStored(key, bytes);
    }

    public void delete(String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
    }
}
