package io.strata.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What S3 does and S3Mock 5.2.0 does not: CopyObject with {@code x-amz-checksum-algorithm: SHA256}
 * returns the SHA-256 S3 computed over the copy ({@code CopyObjectResult.ChecksumSHA256}) and stores
 * it with the object, so that HeadObject with {@code x-amz-checksum-mode: ENABLED} returns it for as
 * long as the object is the one copied. Here the copy's bytes are read back to compute it (through a
 * client without this interceptor), and the checksum is kept while the object's ETag is unchanged.
 */
public final class S3CopyChecksums implements ExecutionInterceptor {

    private record Stored(String etag, String sha256) {
    }

    private final S3Client raw;
    private final Map<String, Stored> stored = new ConcurrentHashMap<>();

    /** @param raw reads the copies; it must not carry this interceptor */
    public S3CopyChecksums(S3Client raw) {
        this.raw = raw;
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.request() instanceof CopyObjectRequest copy && copy.checksumAlgorithm() == ChecksumAlgorithm.SHA256
                && context.response() instanceof CopyObjectResponse response) {
            String sha256 = sha256(copy.destinationBucket(), copy.destinationKey());
            stored.put(copy.destinationBucket() + "/" + copy.destinationKey(),
                    new Stored(response.copyObjectResult().eTag(), sha256));
            return response.toBuilder().copyObjectResult(response.copyObjectResult().toBuilder()
                    .checksumSHA256(sha256).build()).build();
        }
        if (context.request() instanceof HeadObjectRequest head && head.checksumMode() == ChecksumMode.ENABLED
                && context.response() instanceof HeadObjectResponse response && response.checksumSHA256() == null) {
            Stored known = stored.get(head.bucket() + "/" + head.key());
            if (known != null && known.etag().equals(response.eTag())) {
                return response.toBuilder().checksumSHA256(known.sha256()).build();
            }
        }
        return context.response();
    }

    private String sha256(String bucket, String key) {
        try (InputStream in = raw.getObject(r -> r.bucket(bucket).key(key))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
