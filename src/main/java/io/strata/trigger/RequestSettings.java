package io.strata.trigger;

import io.strata.config.SettingValues;
import io.strata.config.SettingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The request triggers' settings: each trigger exists only when its key is set.
 *
 * @param bucket      {@code strata.requests.bucket}: empty = no S3 request trigger
 * @param prefix      {@code strata.requests.prefix} (default {@code requests/}); {@code processed/}, {@code failed/}
 *                    and {@code results/} are its siblings
 * @param sqsQueueUrl {@code strata.requests.sqs-queue-url}: S3 event notifications for the prefix
 * @param inbox       {@code strata.inbox}: empty = no folder trigger
 * @param stateDir    {@code strata.requests.state-dir} (default {@code ./.strata-state}): the idempotent repository
 * @param pollInterval {@code strata.requests.poll-interval} (default 5s)
 */
public record RequestSettings(Optional<String> bucket, String prefix, Optional<String> sqsQueueUrl,
                              Optional<Path> inbox, Path stateDir, Duration pollInterval) {

    public static RequestSettings from(Properties p) {
        String prefix = SettingValues.text(p, "strata.requests.prefix", "requests/");
        if (prefix.isBlank() || prefix.startsWith("/")) {
            throw new SettingsException("strata.requests.prefix must name a folder such as requests/, not '" + prefix + "'");
        }
        if (!prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        String folder = prefix.substring(0, prefix.length() - 1);
        folder = folder.substring(folder.lastIndexOf('/') + 1);
        if (List.of("results", "processed", "failed").contains(folder)) {
            // Outcomes and handled requests go to results/, processed/ and failed/ beside the prefix: as the
            // prefix itself they would be read back as new requests, in a loop.
            throw new SettingsException("strata.requests.prefix must not be '" + prefix + "': results/, processed/ "
                    + "and failed/ beside it hold the outcomes and handled requests; use e.g. requests/");
        }
        String inbox = SettingValues.text(p, "strata.inbox", "");
        return new RequestSettings(optional(SettingValues.text(p, "strata.requests.bucket", "")), prefix,
                optional(SettingValues.text(p, "strata.requests.sqs-queue-url", "")),
                inbox.isBlank() ? Optional.empty() : Optional.of(Path.of(inbox)),
                Path.of(SettingValues.text(p, "strata.requests.state-dir", "./.strata-state")),
                SettingValues.duration(p, "strata.requests.poll-interval", "5s"));
    }

    /** The folder holding the request prefix: {@code a/requests/} → {@code a/}, {@code requests/} → empty. */
    public String parent() {
        String trimmed = prefix.substring(0, prefix.length() - 1);
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? "" : trimmed.substring(0, slash + 1);
    }

    private static Optional<String> optional(String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
