package io.strata.monitor;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The daemon's monitoring server: Prometheus at {@code /observe/metrics} and health at {@code /observe/health},
 * served by Camel's management server (camel-platform-http-main) only when {@code strata.http.port} is set, so a
 * daemon without it loads no HTTP, Vert.x or Micrometer class. Bound to loopback unless told otherwise: the
 * metrics name every resource and plan, which is nothing to show the whole network by default.
 */
public record HttpSettings(int port, String host) {

    static final Setting PORT = new Setting("strata.http.port", "", SettingType.whole(1, 65535),
            "Port of the daemon's /observe/metrics (Prometheus) and /observe/health; empty: no HTTP server");
    static final Setting HOST = Setting.text("strata.http.host", "127.0.0.1",
            "Address that server binds (0.0.0.0: every interface)");

    /** What the monitoring server reads. */
    public static final List<Setting> SETTINGS = List.of(PORT, HOST);

    /** Empty unless {@code strata.http.port} is set. */
    public static Optional<HttpSettings> from(Properties p) {
        if (PORT.text(p).isBlank()) {
            return Optional.empty();
        }
        String host = HOST.text(p).trim();
        if (host.isEmpty()) {
            throw new SettingsException("strata.http.host must name an address to bind, such as 127.0.0.1 or 0.0.0.0");
        }
        return Optional.of(new HttpSettings(PORT.integer(p), host));
    }

    /**
     * Camel Main's own keys for this server: the management server with its metrics and health endpoints, and
     * nothing else it can serve (no upload, send or dev console: those are off by default and stay off).
     */
    public Map<String, String> camelProperties() {
        Map<String, String> camel = new LinkedHashMap<>();
        camel.put("camel.management.enabled", "true");
        camel.put("camel.management.port", String.valueOf(port));
        camel.put("camel.management.host", host);
        camel.put("camel.management.metricsEnabled", "true");
        camel.put("camel.management.healthCheckEnabled", "true");
        camel.put("camel.metrics.enabled", "true");
        // Which check is DOWN and why, not a bare status: an operator reading the endpoint needs the reason.
        camel.put("camel.health.exposureLevel", "full");
        return camel;
    }
}
