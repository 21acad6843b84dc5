package io.strata.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The typed view of the AWS settings every component shares (DESIGN.md, "Settings"), and the merged
 * properties the other components read their own declared settings from (the vault, each service,
 * the plans, the archive, the triggers).
 */
public record StrataSettings(
        Properties properties,
        String region,
        Optional<URI> endpoint,
        Map<String, URI> serviceEndpoints,
        boolean local) {

    public static final String[] SERVICES = {"dynamodb", "s3", "ec2", "rds", "sqs", "kms", "sns"};

    static final Setting REGION = Setting.text("strata.aws.region", "",
            "AWS region; empty: the default chain (AWS_REGION, profile)");
    static final Setting ENDPOINT = Setting.text("strata.aws.endpoint", "",
            "Endpoint of every AWS service (LocalStack, MinIO); empty: AWS");
    static final Setting LOCAL = Setting.flag("strata.local", false,
            "Embedded DynamoDB Local and S3 server in this process (what strata demo uses)");

    /** What is read here: the region, the endpoints, local mode. */
    public static final List<Setting> SETTINGS = declared();

    private static List<Setting> declared() {
        List<Setting> settings = new ArrayList<>(List.of(REGION, ENDPOINT));
        for (String service : SERVICES) {
            settings.add(endpoint(service));
        }
        settings.add(LOCAL);
        return List.copyOf(settings);
    }

    private static Setting endpoint(String service) {
        return Setting.text(ENDPOINT.key() + "." + service, "", "Endpoint of " + service + " only; wins over "
                + ENDPOINT.key());
    }

    public static StrataSettings from(Properties p) {
        String endpoint = ENDPOINT.text(p);
        Map<String, URI> perService = new TreeMap<>();
        for (String service : SERVICES) {
            Setting setting = endpoint(service);
            String value = setting.text(p);
            if (!value.isBlank()) {
                perService.put(service, uri(setting.key(), value));
            }
        }
        return new StrataSettings(p, REGION.text(p),
                endpoint.isBlank() ? Optional.empty() : Optional.of(uri(ENDPOINT.key(), endpoint)),
                Map.copyOf(perService), LOCAL.bool(p));
    }

    /** Whether {@code strata.local} asks for the embedded services. */
    public static boolean local(Properties p) {
        return LOCAL.bool(p);
    }

    /** The endpoint override for one service: its own key first, then the common one. */
    public Optional<URI> endpointFor(String service) {
        return Optional.ofNullable(serviceEndpoints.get(service)).or(this::endpoint);
    }

    private static URI uri(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key + " must be a URL such as http://127.0.0.1:4566, not '" + value + "'", e);
        }
    }
}
