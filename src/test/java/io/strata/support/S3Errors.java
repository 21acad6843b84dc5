package io.strata.support;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 error as the SDK builds it from a response, for test wrappers that answer in S3's place.
 * The HTTP response matters: the cross-region client (AwsClients enables it) reads its headers.
 */
public final class S3Errors {

    private S3Errors() {
    }

    public static S3Exception of(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3")
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .build();
    }
}
