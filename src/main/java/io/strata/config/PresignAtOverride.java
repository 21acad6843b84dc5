package io.strata.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Behind an endpoint override, the presigned URL of a cross-region copy names the override.
 *
 * <p>For EC2 {@code CopySnapshot} and RDS {@code CopyDBSnapshot}/{@code CopyDBClusterSnapshot} with a
 * {@code SourceRegion}, the SDK's own interceptors add a presigned request of the same copy for the
 * destination to call in the source region. They always presign for AWS's public endpoint of the
 * source region ({@code https://ec2.us-east-1.amazonaws.com}), whatever endpoint the client was given.
 * Behind {@code strata.aws.endpoint[.ec2|.rds]} (LocalStack, moto, a proxy) one endpoint serves every
 * region, so that is where the source region is: this interceptor, which runs after the SDK's, signs
 * the same request again (same parameters, same source-region scope, same expiry) for the override's
 * scheme, host, port and path. Against AWS itself (no override) it is not installed and the SDK's URL
 * goes out unchanged.
 */
final class PresignAtOverride implements ExecutionInterceptor {

    /** EC2 calls it PresignedUrl, RDS PreSignedUrl. */
    private static final List<String> PARAMETERS = List.of("PresignedUrl", "PreSignedUrl");
    private static final Pattern SCOPE = Pattern.compile("^[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request$");

    private final URI endpoint;
    private final AwsCredentialsProvider credentials;

    PresignAtOverride(URI endpoint, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        for (String parameter : PARAMETERS) {
            Optional<String> presigned = request.firstMatchingRawQueryParameter(parameter);
            if (presigned.isPresent()) {
                return request.toBuilder().putRawQueryParameter(parameter, retarget(URI.create(presigned.get()))).build();
            }
        }
        return request;
    }

    /** The SDK's presigned URL, signed again for the override endpoint with the same scope and expiry. */
    private String retarget(URI sdkUrl) {
        Map<String, List<String>> query = SdkHttpUtils.uriParams(sdkUrl);
        Matcher scope = SCOPE.matcher(first(query, "X-Amz-Credential"));
        if (!scope.matches()) {
            throw new IllegalStateException("The SDK's presigned copy URL has no SigV4 credential scope: "
                    + sdkUrl.getHost());
        }
        SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(endpoint);
        if (unsigned.encodedPath() == null || unsigned.encodedPath().isEmpty()) {
            unsigned.encodedPath("/");
        }
        query.forEach((name, values) -> {
            if (!name.startsWith("X-Amz-")) {
                values.forEach(value -> unsigned.appendRawQueryParameter(name, value));
            }
        });
        return AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials()).request(unsigned.build())
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, scope.group(2))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, scope.group(1))
                        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION,
                                Duration.ofSeconds(Long.parseLong(first(query, "X-Amz-Expires")))))
                .request().getUri().toString();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalStateException("The SDK's presigned copy URL has no " + name);
        }
        return values.get(0);
    }
}
