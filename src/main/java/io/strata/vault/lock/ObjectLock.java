package io.strata.vault.lock;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The S3 Object Lock every object Strata writes into a locked vault bucket carries: a mode and a
 * retain-until date of now + {@code retention}, stated on each PUT, multipart upload and copy (a
 * copy does not keep its source's lock). With no mode (a bucket without Object Lock) requests go
 * out unchanged.
 *
 * @param bucketDefault the bucket has a default retention rule: S3 locks every new version by
 *                      itself, also those Strata writes without lock headers (the attempt lease)
 */
public record ObjectLock(ObjectLockMode mode, Period retention, Clock clock, boolean bucketDefault) {

    /** A bucket without Object Lock. */
    public static ObjectLock none(Clock clock) {
        return new ObjectLock(null, null, clock, false);
    }

    public boolean enabled() {
        return mode != null;
    }

    /** Now + the retention, in calendar terms (a bucket default of 1 year is a year, leap day included). */
    public Instant retainUntil() {
        return clock.instant().atOffset(ZoneOffset.UTC).plus(retention).toInstant();
    }

    public PutObjectRequest.Builder apply(PutObjectRequest.Builder request) {
        return enabled() ? request.objectLockMode(mode).objectLockRetainUntilDate(retainUntil()) : request;
    }

    public CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder request) {
        return enabled() ? request.objectLockMode(mode).objectLockRetainUntilDate(retainUntil()) : request;
    }

    public CopyObjectRequest.Builder apply(CopyObjectRequest.Builder request) {
        return enabled() ? request.objectLockMode(mode).objectLockRetainUntilDate(retainUntil()) : request;
    }

    /** For logs and {@code strata vault check}: {@code GOVERNANCE for 30 days}. */
    public String describe() {
        return enabled() ? mode + " for " + ObjectLockPolicy.describe(retention) : "none";
    }
}
