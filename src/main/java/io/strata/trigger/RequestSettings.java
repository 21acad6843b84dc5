package io.strata.trigger;

import io.strata.config.Setting;
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

    static final Setting BUCKET = Setting.text("strata.requests.bucket", "",
            "Bucket of request files (S3 trigger); empty: none");
    static final Setting PREFIX = Setting.text("strata.requests.prefix", "requests/",
            "Folder of request files in that bucket; results/, processed/, failed/ beside it");
    static final Setting SQS_QUEUE_URL = Setting.text("strata.requests.sqs-queue-url", "",
            "SQS queue of the bucket's s3:ObjectCreated:* notifications: requests run at once");
    static final Setting INBOX = Setting.text("strata.inbox", "", "Folder of request files (folder trigger); empty: none");
    static final Setting STATE_DIR = Setting.text("strata.requests.state-dir", "./.strata-state",
            "Where processed requests are remembered across restarts");
    static final Setting POLL_INTERVAL = Setting.duration("strata.requests.poll-interval", "5s",
            "How often the request prefix and the inbox are looked at");

    /** What the request triggers read. */
    public static final List<Setting> SETTINGS = List.of(BUCKET, PREFIX, SQS_QUEUE_URL, INBOX, STATE_DIR, POLL_INTERVAL);

    public static RequestSettings from(Properties p) {
        String prefix = PREFIX.text(p);
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
        String inbox = INBOX.text(p);
        return new RequestSettings(optional(BUCKET.text(p)), prefix, optional(SQS_QUEUE_URL.text(p)),
                inbox.isBlank() ? Optional.empty() : Optional.of(Path.of(inbox)), Path.of(STATE_DIR.text(p)),
                POLL_INTERVAL.duration(p));
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
