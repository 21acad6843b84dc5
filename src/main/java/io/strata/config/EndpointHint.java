package io.strata.config;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Turns "Unable to execute HTTP request: Connect to 127.0.0.1:1" into a message that names the
 * service, the endpoint and the setting that points there, so a typo in a setting is found at once.
 */
final class EndpointHint implements ExecutionInterceptor {

    private final StrataSettings settings;
    private final String service;

    EndpointHint(StrataSettings settings, String service) {
        this.settings = settings;
        this.service = service;
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable error = context.exception();
        if (!(error instanceof SdkClientException) || !unreachable(error)) {
            return error;
        }
        String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        return SdkClientException.builder().cause(error)
                .message("Cannot reach " + (name == null ? service : name) + " at " + endpoint(context) + " (" + setting()
                        + "): " + error.getMessage())
                .build();
    }

    private static boolean unreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private String endpoint(Context.FailedExecution context) {
        return context.httpRequest().map(request -> request.getUri().resolve("/").toString())
                .or(() -> settings.endpointFor(service).map(Object::toString)).orElse("its AWS endpoint");
    }

    /** The setting that chose this endpoint. */
    private String setting() {
        if (settings.serviceEndpoints().containsKey(service)) {
            return "set by strata.aws.endpoint." + service;
        }
        if (settings.endpoint().isPresent()) {
            return "set by strata.aws.endpoint";
        }
        return "the AWS endpoint of the region; strata.aws.region or AWS_REGION chooses it";
    }
}
