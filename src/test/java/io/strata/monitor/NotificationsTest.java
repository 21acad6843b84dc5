package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.config.AwsClients;
import io.strata.config.SettingsException;
import io.strata.config.StrataSettings;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.RestoreTestResult;
import io.strata.support.FakeSns;
import io.strata.support.LoopbackWebhook;
import io.strata.text.Json;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Notifications through the real SDK SnsClient (Query protocol over loopback to {@link FakeSns}) and the JDK's
 * HTTP client (to {@link LoopbackWebhook}): what reaches each, which {@code strata.notify.on} lets through, and a
 * channel that refuses costs a count and a log line, never an exception to the run that reports.
 */
class NotificationsTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:strata-alerts";
    private static final RunReport RUN = new RunReport("run-42", "schedule", "nightly", Instant.parse("2026-12-07T02:00:00Z"),
            Instant.parse("2026-12-07T02:01:00Z"), List.of(
                    new ResourceOutcome("dynamodb:orders", true, "strata/dynamodb/x/", 10, 100, 1.0, null),
                    ResourceOutcome.failed("dynamodb:users", "ResourceNotFoundException: Table users not found")));

    private static final String POINT = "strata/dynamodb/us-east-1/orders/2026-12-07T02:00:00Z/recovery-point.json";

    private FakeSns sns;
    private LoopbackWebhook webhook;
    private AwsClients clients;

    @BeforeEach
    void serve() throws Exception {
        sns = new FakeSns();
        webhook = new LoopbackWebhook();
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        sns.close();
        webhook.close();
    }

    private Notifications notifications(String on) {
        Properties p = new Properties();
        p.setProperty("strata.aws.region", "us-east-1");
        p.setProperty("strata.local", "true"); // the local credentials: no credential chain in a unit test
        p.setProperty("strata.aws.endpoint.sns", sns.endpoint().toString());
        p.setProperty("strata.notify.sns-topic-arn", TOPIC);
        p.setProperty("strata.notify.webhook-url", webhook.url().toString());
        p.setProperty("strata.notify.on", on);
        clients = new AwsClients(StrataSettings.from(p));
        return Notifications.of(NotifySettings.from(p), clients::sns);
    }

    @Test
    void aFailedResourceIsPublishedToTheTopicAndPostedToTheWebhookWithRunIdAndReason() throws Exception {
        Notifications notifications = notifications("failure");

        notifications.runFinished(RUN);

        List<PublishRequest> published = sns.published();
        assertEquals(1, published.size(), "one message per failed resource, none for the one that succeeded");
        assertEquals(TOPIC, published.get(0).topicArn());
        assertEquals("Strata backup FAILED: dynamodb:users", published.get(0).subject());
        assertTrue(published.get(0).message().contains("run run-42"), published.get(0).message());
        assertTrue(published.get(0).message().contains("Table users not found"), published.get(0).message());
        assertEquals(1, webhook.bodies().size());
        JsonNode posted = Json.MAPPER.readTree(webhook.bodies().get(0));
        assertEquals(published.get(0).message(), posted.get("text").asText(), "Slack shows the same text");
        assertEquals("run-42", posted.get("runId").asText());
        assertEquals("FAILED", posted.get("status").asText());
        assertEquals("nightly", posted.get("plan").asText());
        assertEquals(0, notifications.failures().sum());
    }

    @Test
    void alwaysAlsoSendsTheResourcesThatSucceeded() {
        Notifications notifications = notifications("always");

        notifications.runFinished(RUN);
        notifications.resourceChecked("verify-1", "nightly", "dynamodb:orders", "STALE", "newest point 30h old, freshness 26h");
        notifications.restoreTested(tested(RestoreTestResult.failed(List.of(), "item count 9, export recorded 10")));

        assertEquals(List.of("Strata backup OK: dynamodb:orders", "Strata backup FAILED: dynamodb:users",
                "Strata verify STALE: dynamodb:orders", "Strata restore-test FAILED: dynamodb:orders"),
                sns.published().stream().map(PublishRequest::subject).toList());
        assertEquals(4, webhook.bodies().size());
    }

    @Test
    void onFailureStaleAndFailedRestoreTestsAreSentButPassesAreNot() {
        Notifications notifications = notifications("failure");

        notifications.resourceChecked("verify-1", "nightly", "dynamodb:orders", "OK", null);
        notifications.resourceChecked("verify-1", "nightly", "dynamodb:users", "MISSING", "never backed up");
        notifications.restoreTested(tested(RestoreTestResult.passed(List.of(), "10 items")));

        assertEquals(List.of("Strata verify MISSING: dynamodb:users"),
                sns.published().stream().map(PublishRequest::subject).toList());
    }

    private static RestoreTestOutcome tested(RestoreTestResult result) {
        return new RestoreTestOutcome("nightly", "dynamodb:orders", POINT, Instant.parse("2026-12-07T05:00:00Z"),
                Instant.parse("2026-12-07T05:02:00Z"), result);
    }

    @Test
    void aFailedRestoreTestIsPostedWithItsRecoveryPointAndReason() throws Exception {
        Notifications notifications = notifications("failure");

        notifications.restoreTested(tested(RestoreTestResult.failed(List.of(), "item count 9, export recorded 10")));

        assertEquals(1, webhook.bodies().size());
        JsonNode posted = Json.MAPPER.readTree(webhook.bodies().get(0));
        assertEquals("restore-test", posted.get("event").asText());
        assertEquals("FAILED", posted.get("status").asText());
        assertEquals(POINT, posted.get("recoveryPoint").asText());
        assertEquals("restore-test-20261207T050000Z", posted.get("runId").asText());
        assertEquals("Strata restore-test FAILED: dynamodb:orders (plan nightly), recovery point " + POINT
                + ", run restore-test-20261207T050000Z: item count 9, export recorded 10", posted.get("text").asText());
    }

    @Test
    void aChannelThatRefusesIsCountedAndNeverThrows() {
        Notifications notifications = notifications("failure");
        sns.refuse();
        webhook.answer(500);

        notifications.runFinished(RUN);

        assertEquals(2, notifications.failures().sum(), "the SNS refusal and the webhook's 500");
        assertTrue(sns.published().isEmpty());
    }

    @Test
    void theWebhookIsDescribedByItsHostOnly() {
        Properties p = new Properties();
        p.setProperty("strata.notify.webhook-url", webhook.url().toString());
        WebhookChannel channel = new WebhookChannel(NotifySettings.from(p).webhook().orElseThrow());

        assertEquals("webhook at 127.0.0.1", channel.describe());
        assertFalse(channel.describe().contains("secret-token"));
    }

    @Test
    void aBadSettingNamesItsKeyAndNeverEchoesAWebhookUrl() {
        Properties on = new Properties();
        on.setProperty("strata.notify.on", "sometimes");
        SettingsException refused = assertThrows(SettingsException.class, () -> NotifySettings.from(on));
        assertTrue(refused.getMessage().contains("strata.notify.on must be one of failure, always"), refused.getMessage());

        Properties url = new Properties();
        url.setProperty("strata.notify.webhook-url", "hooks.example.com/T0/secret-token");
        refused = assertThrows(SettingsException.class, () -> NotifySettings.from(url));
        assertTrue(refused.getMessage().contains("strata.notify.webhook-url"), refused.getMessage());
        assertFalse(refused.getMessage().contains("secret-token"), refused.getMessage());
    }
}
