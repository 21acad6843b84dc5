package io.strata.support;

import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3Mock keeps every bucket in one place; S3 keeps each in its region. This interceptor adds that, as
 * AWS documents it: a request for a bucket of another region than the one it was signed for is
 * answered {@code 301 PermanentRedirect} with {@code x-amz-bucket-region} naming the bucket's region
 * (and reaches no bucket), and HeadBucket reports the bucket's region in {@code x-amz-bucket-region}.
 */
public final class RegionalBuckets implements ExecutionInterceptor {

    private final Map<String, String> regions;

    /** @param regions bucket → region, for the buckets that are not in the region the test's clients use */
    public RegionalBuckets(Map<String, String> regions) {
        this.regions = Map.copyOf(regions);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String region = regions.get(S3Calls.bucket(context.httpRequest()));
        String signed = S3Calls.signingRegion(context.httpRequest());
        if (region != null && signed != null && !region.equals(signed)) {
            throw S3Exception.builder().statusCode(301)
                    .message("The bucket you are attempting to access must be addressed using the specified endpoint.")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("PermanentRedirect").serviceName("S3")
                            .errorMessage("The bucket you are attempting to access must be addressed using the "
                                    + "specified endpoint.")
                            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(301)
                                    .putHeader("x-amz-bucket-region", region).build())
                            .build())
                    .build();
        }
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        String region = regions.get(S3Calls.bucket(context.httpRequest()));
        if (region != null && context.request() instanceof HeadBucketRequest) {
            return context.httpResponse().toBuilder().putHeader("x-amz-bucket-region", region).build();
        }
        return context.httpResponse();
    }
}
