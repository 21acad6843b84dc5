package io.strata.support;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The presigned URL of a cross-region copy (EC2 {@code CopySnapshot}'s {@code PresignedUrl}, RDS
 * {@code CopyDBSnapshot}'s {@code PreSignedUrl}), checked as the destination region would use it:
 * a SigV4 query-signed GET of the same copy, for the source region's endpoint, signed for the
 * source region, naming this destination. The source endpoint of a world served by one fake server
 * is that server, as behind any endpoint override (LocalStack, moto) one endpoint serves all regions.
 */
final class PresignedCopy {

    private static final Pattern SCOPE = Pattern.compile("^[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request$");

    private PresignedCopy() {
    }

    /**
     * What is wrong with {@code url} as the presigned copy of {@code action} of {@code sourceId}
     * (parameter {@code idParameter}) from {@code sourceRegion} to {@code destination}; empty if nothing.
     */
    static Optional<String> problem(String url, URI sourceEndpoint, String service, String action, String idParameter,
                                    String sourceId, String sourceRegion, String destination) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a URL: " + url);
        }
        if (!sourceEndpoint.getHost().equals(uri.getHost()) || sourceEndpoint.getPort() != uri.getPort()) {
            return Optional.of("is for " + uri.getHost() + ":" + uri.getPort() + ", not the source region's endpoint "
                    + sourceEndpoint.getHost() + ":" + sourceEndpoint.getPort());
        }
        Map<String, String> query = QueryForm.parse(uri.getRawQuery());
        if (!"AWS4-HMAC-SHA256".equals(query.get("X-Amz-Algorithm")) || query.get("X-Amz-Signature") == null
                || query.get("X-Amz-Expires") == null || query.get("X-Amz-Date") == null) {
            return Optional.of("is not SigV4 query-signed (X-Amz-Algorithm, -Signature, -Expires, -Date): " + url);
        }
        Matcher scope = SCOPE.matcher(query.getOrDefault("X-Amz-Credential", ""));
        if (!scope.matches() || !scope.group(1).equals(sourceRegion) || !scope.group(2).equals(service)) {
            return Optional.of("is not signed for " + service + " in the source region " + sourceRegion + " (credential "
                    + query.get("X-Amz-Credential") + ")");
        }
        if (!action.equals(query.get("Action")) || !sourceId.equals(query.get(idParameter))
                || !destination.equals(query.get("DestinationRegion"))) {
            return Optional.of("does not ask for " + action + " of " + sourceId + " to " + destination + ": " + query);
        }
        return Optional.empty();
    }
}
