package io.strata.support;

import java.util.List;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3Mock 5.2.0 still lists, in ListObjectsV2, a key of a versioned bucket whose latest version is a
 * delete marker; S3 does not ("ListObjectsV2 returns only current versions; a delete marker makes
 * the object behave as if it were deleted", User Guide, Working with delete markers). This
 * interceptor drops such keys from ListObjectsV2 answers, asking S3Mock for the key's versions
 * through a plain client, and changes nothing else (single-page answers: the tests' folders are small).
 */
public final class HiddenDeleteMarkers implements ExecutionInterceptor {

    private final S3Client plainS3;

    public HiddenDeleteMarkers(S3Client plainS3) {
        this.plainS3 = plainS3;
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (!(context.response() instanceof ListObjectsV2Response listed)
                || !(context.request() instanceof ListObjectsV2Request request)) {
            return context.response();
        }
        List<S3Object> current = listed.contents().stream().filter(o -> !hidden(request.bucket(), o.key())).toList();
        return current.size() == listed.contents().size() ? listed
                : listed.toBuilder().contents(current).keyCount(current.size()).build();
    }

    private boolean hidden(String bucket, String key) {
        var versions = plainS3.listObjectVersions(r -> r.bucket(bucket).prefix(key));
        boolean latestIsObject = versions.versions().stream()
                .anyMatch(v -> v.key().equals(key) && Boolean.TRUE.equals(v.isLatest()));
        boolean latestIsMarker = versions.deleteMarkers().stream()
                .anyMatch(m -> m.key().equals(key) && Boolean.TRUE.equals(m.isLatest()));
        return latestIsMarker && !latestIsObject;
    }
}
