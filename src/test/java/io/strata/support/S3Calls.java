package io.strata.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Records every S3 call that succeeded, in the order they returned: operation, bucket, key and the
 * region it was signed for (what S3 itself sees). Path-style addressing, as against S3Mock.
 */
public final class S3Calls implements ExecutionInterceptor {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/");

    /** One call: e.g. {@code CopyObject} into {@code bucket}/{@code key}, signed for {@code region}. */
    public record Call(String operation, String bucket, String key, String region) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), bucket(context.httpRequest()),
                key(context.httpRequest()), signingRegion(context.httpRequest())));
    }

    /** The calls that went to {@code bucket}, in order. */
    public List<Call> to(String bucket) {
        return calls.stream().filter(c -> bucket.equals(c.bucket())).toList();
    }

    public void clear() {
        calls.clear();
    }

    static String bucket(SdkHttpRequest request) {
        String[] path = request.encodedPath().split("/", 3);
        return path.length > 1 ? decode(path[1]) : null;
    }

    static String key(SdkHttpRequest request) {
        String[] path = request.encodedPath().split("/", 3);
        return path.length > 2 ? decode(path[2]) : "";
    }

    /** The region of the SigV4 credential scope, null for an unsigned request. */
    static String signingRegion(SdkHttpRequest request) {
        return request.firstMatchingHeader("Authorization").map(CREDENTIAL::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).orElse(null);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
