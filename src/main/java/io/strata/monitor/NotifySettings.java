package io.strata.monitor;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingsException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where notifications go and which: an SNS topic, a webhook (Slack's incoming webhooks and anything that
 * takes a JSON POST), or both; none when neither is set. A webhook URL often is its own secret (Slack's
 * carry the token in the path): it is never logged, only its host.
 *
 * @param always also a message per resource backed up, not only per failure
 */
public record NotifySettings(Optional<String> snsTopicArn, Optional<URI> webhook, boolean always) {

    static final Setting SNS_TOPIC_ARN = Setting.text("strata.notify.sns-topic-arn", "",
            "SNS topic a message is published to per failed, stale, corrupt or missing resource; empty: none");
    static final Setting WEBHOOK_URL = Setting.text("strata.notify.webhook-url", "",
            "URL a JSON message (Slack-compatible 'text') is POSTed to per such resource; empty: none. Never logged");
    static final Setting ON = new Setting("strata.notify.on", "failure", SettingType.oneOf("failure", "always"),
            "failure: only what went wrong; always: also every resource backed up");

    /** What the notifications read. */
    public static final List<Setting> SETTINGS = List.of(SNS_TOPIC_ARN, WEBHOOK_URL, ON);

    public static NotifySettings from(Properties p) {
        String arn = SNS_TOPIC_ARN.text(p).trim();
        if (!arn.isEmpty() && !arn.startsWith("arn:")) {
            throw new SettingsException("strata.notify.sns-topic-arn must be a topic ARN such as "
                    + "arn:aws:sns:us-east-1:123456789012:strata, not '" + arn + "'");
        }
        ON.check(p, ON.key());
        String on = ON.text(p).trim();
        return new NotifySettings(arn.isEmpty() ? Optional.empty() : Optional.of(arn), webhook(WEBHOOK_URL.text(p).trim()),
                on.equals("always"));
    }

    private static Optional<URI> webhook(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("no http(s) scheme or host");
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            // The value itself may be a secret: the message names the key, never the value.
            throw new SettingsException("strata.notify.webhook-url must be an http(s) URL such as "
                    + "https://hooks.slack.com/services/…", e);
        }
    }

    /** Whether any channel is set. */
    public boolean any() {
        return snsTopicArn.isPresent() || webhook.isPresent();
    }
}
