package io.strata.support;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectLockConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 Object Lock as AWS documents it, over S3Mock 5.2.0, which stores retention and legal holds
 * (PutObjectRetention, PutObjectLegalHold) but ignores the lock headers of PutObject,
 * CreateMultipartUpload and CopyObject, never applies a bucket's default retention, shows no lock
 * in HeadObject, does not turn versioning on for a bucket created with Object Lock, and enforces
 * nothing on delete. This interceptor adds exactly that, storing everything in S3Mock itself
 * through a plain client:
 * <ul>
 * <li>CreateBucket with Object Lock turns versioning on; PutObjectLockConfiguration on a bucket
 *     whose versioning is not Enabled fails 409 InvalidBucketState.</li>
 * <li>Lock headers on a bucket without Object Lock fail 400 InvalidRequest; a mode without a date
 *     (or a date without a mode) fails 400 InvalidArgument.</li>
 * <li>A stored version gets the request's retention (for a multipart upload, the one stated when
 *     it was created), else the bucket's default retention, and the request's legal hold.</li>
 * <li>HeadObject reports the version's mode, retain-until date and legal hold.</li>
 * <li>DeleteObject of a version that is under retention or legal hold fails 403 AccessDenied;
 *     DeleteObjects reports such a version as an AccessDenied error and deletes the others. A
 *     GOVERNANCE retention gives way to {@code x-amz-bypass-governance-retention} (which Strata
 *     never sends: {@link #bypassRequests()} counts them). A DELETE without a version id still
 *     only adds a delete marker, as on AWS.</li>
 * </ul>
 */
public final class EnforcedObjectLock implements ExecutionInterceptor {

    private static final ExecutionAttribute<List<S3Error>> REFUSED = new ExecutionAttribute<>("strata.lock.refused");
    /** Stands in for a DeleteObjects whose every version is refused: S3 rejects an empty Delete. */
    private static final ObjectIdentifier NOTHING = ObjectIdentifier.builder().key(".enforced-object-lock/nothing")
            .versionId("00000000-0000-0000-0000-000000000000").build();

    private final S3Client s3;
    private final Clock clock;
    private final Map<String, Retention> uploads = new ConcurrentHashMap<>();
    private final AtomicInteger bypassRequests = new AtomicInteger();
    private final AtomicInteger refusedDeletes = new AtomicInteger();

    private record Retention(ObjectLockMode mode, Instant until, ObjectLockLegalHoldStatus legalHold) {
    }

    /** @param plainS3 a client to the same S3Mock without this interceptor */
    public EnforcedObjectLock(S3Client plainS3) {
        this(plainS3, Clock.systemUTC());
    }

    /** @param clock when retentions end (S3Mock itself still refuses a retain-until date in its past) */
    public EnforcedObjectLock(S3Client plainS3, Clock clock) {
        this.s3 = plainS3;
        this.clock = clock;
    }

    /** Requests that asked to bypass a GOVERNANCE retention. */
    public int bypassRequests() {
        return bypassRequests.get();
    }

    /** Deletes of locked versions refused so far. */
    public int refusedDeletes() {
        return refusedDeletes.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutObjectRequest put) {
            checkHeaders(put.bucket(), put.objectLockModeAsString(), put.objectLockRetainUntilDate());
        } else if (request instanceof CreateMultipartUploadRequest create) {
            checkHeaders(create.bucket(), create.objectLockModeAsString(), create.objectLockRetainUntilDate());
        } else if (request instanceof CopyObjectRequest copy) {
            checkHeaders(copy.destinationBucket(), copy.objectLockModeAsString(), copy.objectLockRetainUntilDate());
        } else if (request instanceof PutObjectLockConfigurationRequest lock
                && s3.getBucketVersioning(r -> r.bucket(lock.bucket())).status() != BucketVersioningStatus.ENABLED) {
            throw error(409, "InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock "
                    + "configuration");
        } else if (request instanceof DeleteObjectRequest delete) {
            countBypass(delete.bypassGovernanceRetention());
            if (delete.versionId() != null && locked(delete.bucket(), delete.key(), delete.versionId(),
                    Boolean.TRUE.equals(delete.bypassGovernanceRetention()))) {
                refusedDeletes.incrementAndGet();
                throw error(403, "AccessDenied", "Access Denied because object protected by object lock.");
            }
        } else if (request instanceof DeleteObjectsRequest deletes) {
            countBypass(deletes.bypassGovernanceRetention());
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof DeleteObjectsRequest deletes)) {
            return context.request();
        }
        boolean bypass = Boolean.TRUE.equals(deletes.bypassGovernanceRetention());
        List<ObjectIdentifier> allowed = new ArrayList<>();
        List<S3Error> refused = new ArrayList<>();
        for (ObjectIdentifier object : deletes.delete().objects()) {
            if (object.versionId() != null && locked(deletes.bucket(), object.key(), object.versionId(), bypass)) {
                refusedDeletes.incrementAndGet();
                refused.add(S3Error.builder().key(object.key()).versionId(object.versionId()).code("AccessDenied")
                        .message("Access Denied because object protected by object lock.").build());
            } else {
                allowed.add(object);
            }
        }
        if (refused.isEmpty()) {
            return deletes;
        }
        attributes.putAttribute(REFUSED, refused);
        List<ObjectIdentifier> sent = allowed.isEmpty() ? List.of(NOTHING) : allowed;
        return deletes.toBuilder().delete(deletes.delete().toBuilder().objects(sent).build()).build();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof HeadObjectResponse head && context.request() instanceof HeadObjectRequest request) {
            String version = request.versionId() != null ? request.versionId() : head.versionId();
            Optional<ObjectLockRetention> retention = retention(request.bucket(), request.key(), version);
            return head.toBuilder()
                    .objectLockMode(retention.map(r -> ObjectLockMode.fromValue(r.modeAsString())).orElse(null))
                    .objectLockRetainUntilDate(retention.map(ObjectLockRetention::retainUntilDate).orElse(null))
                    .objectLockLegalHoldStatus(legalHold(request.bucket(), request.key(), version) ? ObjectLockLegalHoldStatus.ON : null)
                    .build();
        }
        List<S3Error> refused = attributes.getAttribute(REFUSED);
        if (context.response() instanceof DeleteObjectsResponse deleted && refused != null) {
            List<DeletedObject> kept = deleted.deleted().stream().filter(d -> !NOTHING.key().equals(d.key())).toList();
            List<S3Error> errors = new ArrayList<>(deleted.errors());
            errors.addAll(refused);
            return deleted.toBuilder().deleted(kept).errors(errors).build();
        }
        return context.response();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof CreateBucketRequest create && Boolean.TRUE.equals(create.objectLockEnabledForBucket())) {
            s3.putBucketVersioning(r -> r.bucket(create.bucket()).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        } else if (request instanceof PutObjectRequest put && response instanceof PutObjectResponse stored) {
            store(put.bucket(), put.key(), stored.versionId(), new Retention(put.objectLockMode(),
                    put.objectLockRetainUntilDate(), put.objectLockLegalHoldStatus()));
        } else if (request instanceof CreateMultipartUploadRequest create && response instanceof CreateMultipartUploadResponse started) {
            uploads.put(started.uploadId(), new Retention(create.objectLockMode(), create.objectLockRetainUntilDate(),
                    create.objectLockLegalHoldStatus()));
        } else if (request instanceof CompleteMultipartUploadRequest complete && response instanceof CompleteMultipartUploadResponse done) {
            Retention retention = uploads.remove(complete.uploadId());
            store(complete.bucket(), complete.key(), done.versionId(), retention == null ? new Retention(null, null, null) : retention);
        } else if (request instanceof CopyObjectRequest copy && response instanceof CopyObjectResponse copied) {
            store(copy.destinationBucket(), copy.destinationKey(), copied.versionId(), new Retention(copy.objectLockMode(),
                    copy.objectLockRetainUntilDate(), copy.objectLockLegalHoldStatus()));
        }
    }

    private void checkHeaders(String bucket, String mode, Instant until) {
        if (mode == null && until == null) {
            return;
        }
        if (mode == null || until == null) {
            throw error(400, "InvalidArgument", "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both "
                    + "be supplied");
        }
        if (configuration(bucket).isEmpty()) {
            throw error(400, "InvalidRequest", "Bucket is missing Object Lock Configuration");
        }
    }

    private void store(String bucket, String key, String versionId, Retention requested) {
        Optional<ObjectLockConfiguration> configuration = configuration(bucket);
        if (configuration.isEmpty()) {
            return;
        }
        ObjectLockMode mode = requested.mode();
        Instant until = requested.until();
        var byDefault = configuration.get().rule() == null ? null : configuration.get().rule().defaultRetention();
        if (mode == null && byDefault != null) {
            mode = ObjectLockMode.fromValue(byDefault.modeAsString());
            until = byDefault.days() != null ? clock.instant().plus(java.time.Duration.ofDays(byDefault.days()))
                    : clock.instant().atOffset(java.time.ZoneOffset.UTC).plusYears(byDefault.years()).toInstant();
        }
        if (mode != null) {
            ObjectLockRetentionMode retentionMode = ObjectLockRetentionMode.fromValue(mode.toString());
            Instant retainUntil = until;
            s3.putObjectRetention(r -> r.bucket(bucket).key(key).versionId(versionId)
                    .retention(x -> x.mode(retentionMode).retainUntilDate(retainUntil)));
        }
        if (requested.legalHold() == ObjectLockLegalHoldStatus.ON) {
            s3.putObjectLegalHold(r -> r.bucket(bucket).key(key).versionId(versionId).legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        }
    }

    private boolean locked(String bucket, String key, String versionId, boolean bypass) {
        if (legalHold(bucket, key, versionId)) {
            return true;
        }
        return retention(bucket, key, versionId)
                .filter(r -> r.retainUntilDate().isAfter(clock.instant()))
                .filter(r -> !(bypass && r.mode() == ObjectLockRetentionMode.GOVERNANCE))
                .isPresent();
    }

    private Optional<ObjectLockConfiguration> configuration(String bucket) {
        try {
            return Optional.ofNullable(s3.getObjectLockConfiguration(r -> r.bucket(bucket)).objectLockConfiguration())
                    .filter(c -> c.objectLockEnabled() == ObjectLockEnabled.ENABLED);
        } catch (S3Exception e) {
            return Optional.empty();
        }
    }

    private Optional<ObjectLockRetention> retention(String bucket, String key, String versionId) {
        try {
            return Optional.ofNullable(s3.getObjectRetention(r -> r.bucket(bucket).key(key).versionId(versionId)).retention());
        } catch (S3Exception e) {
            return Optional.empty();
        }
    }

    private boolean legalHold(String bucket, String key, String versionId) {
        try {
            var hold = s3.getObjectLegalHold(r -> r.bucket(bucket).key(key).versionId(versionId)).legalHold();
            return hold != null && hold.status() == ObjectLockLegalHoldStatus.ON;
        } catch (S3Exception e) {
            return false;
        }
    }

    private void countBypass(Boolean bypass) {
        if (Boolean.TRUE.equals(bypass)) {
            bypassRequests.incrementAndGet();
        }
    }

    private static S3Exception error(int status, String code, String message) {
        return S3Errors.of(status, code, message);
    }
}
