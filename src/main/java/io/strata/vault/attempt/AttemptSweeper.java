package io.strata.vault.attempt;

import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes what dead attempts left under one resource: a folder without {@code recovery-point.json}
 * whose newest sign of life (an object written, its lease renewed, a multipart upload started) is
 * older than {@link AttemptTiming#staleAfter()} belongs to a process that crashed or was killed.
 * A folder with a fresh lease is a running attempt and is never touched; a committed folder only
 * loses stray multipart uploads.
 */
public final class AttemptSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptSweeper.class);

    private final Vault vault;
    private final AttemptTiming timing;
    private final Clock clock;

    public AttemptSweeper(Vault vault, AttemptTiming timing, Clock clock) {
        this.vault = vault;
        this.timing = timing;
        this.clock = clock;
    }

    /** Sweeps the attempt folders under {@code resourcePrefix} except {@code ownPrefix}; returns how many. */
    public int sweep(String resourcePrefix, String ownPrefix) {
        Instant deadline = clock.instant().minus(timing.staleAfter());
        Map<String, Instant> lastSign = new TreeMap<>();
        Set<String> committed = new HashSet<>();
        for (S3Object object : vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(resourcePrefix))
                .contents()) {
            String folder = folderOf(resourcePrefix, object.key());
            // An expiry in progress is the archive's to finish, never a dead attempt's leftovers.
            if (object.key().equals(folder + RecoveryPointKey.DESCRIPTOR)
                    || object.key().equals(folder + RecoveryPointKey.EXPIRING)) {
                committed.add(folder);
            }
            lastSign.merge(folder, object.lastModified(), Vault::later);
        }
        List<MultipartUpload> uploads = vault.s3().listMultipartUploadsPaginator(
                r -> r.bucket(vault.bucket()).prefix(resourcePrefix)).uploads().stream().toList();
        for (MultipartUpload upload : uploads) {
            lastSign.merge(folderOf(resourcePrefix, upload.key()), upload.initiated(), Vault::later);
        }
        int swept = 0;
        for (Map.Entry<String, Instant> folder : lastSign.entrySet()) {
            if (folder.getKey().equals(ownPrefix) || !folder.getValue().isBefore(deadline)) {
                continue;
            }
            if (committed.contains(folder.getKey())) {
                abortIncompleteUploads(vault, folder.getKey());
                continue;
            }
            LOG.warn("Removing s3://{}/{}: an uncommitted attempt with no sign of life since {}", vault.bucket(),
                    folder.getKey(), folder.getValue());
            discardUncommitted(vault, folder.getKey());
            swept++;
        }
        return swept;
    }

    /**
     * Removes what a failed attempt wrote under {@code pointPrefix}, unless it was committed (or is
     * an expiry in progress, which the archive finishes).
     */
    public static void discardUncommitted(Vault vault, String pointPrefix) {
        List<ObjectIdentifier> doomed = new ArrayList<>();
        for (S3Object object : vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(pointPrefix))
                .contents()) {
            if (object.key().endsWith("/" + RecoveryPointKey.DESCRIPTOR)
                    || object.key().endsWith("/" + RecoveryPointKey.EXPIRING)) {
                return;
            }
            doomed.add(ObjectIdentifier.builder().key(object.key()).build());
        }
        for (int i = 0; i < doomed.size(); i += 1000) {
            List<ObjectIdentifier> batch = doomed.subList(i, Math.min(doomed.size(), i + 1000));
            vault.s3().deleteObjects(r -> r.bucket(vault.bucket()).delete(d -> d.objects(batch)));
        }
        abortIncompleteUploads(vault, pointPrefix);
    }

    /** Aborts every multipart upload under {@code keyPrefix}; returns how many. */
    static int abortIncompleteUploads(Vault vault, String keyPrefix) {
        int aborted = 0;
        for (MultipartUpload upload : vault.s3().listMultipartUploadsPaginator(r -> r.bucket(vault.bucket())
                .prefix(keyPrefix)).uploads()) {
            vault.s3().abortMultipartUpload(r -> r.bucket(vault.bucket()).key(upload.key()).uploadId(upload.uploadId()));
            aborted++;
        }
        if (aborted > 0) {
            LOG.warn("Aborted {} incomplete multipart upload(s) under s3://{}/{}", aborted, vault.bucket(), keyPrefix);
        }
        return aborted;
    }

    /** {@code <resourcePrefix><stamp>/} of a key under it. */
    private static String folderOf(String resourcePrefix, String key) {
        int slash = key.indexOf('/', resourcePrefix.length());
        return slash < 0 ? key : key.substring(0, slash + 1);
    }
}
