package io.strata.monitor;

import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * One message per resource that failed its backup, was found stale, corrupt or missing, or failed its restore
 * test ({@code strata.notify.on=always}: per resource whatever happened), to every channel set. A message that
 * cannot be sent is logged and counted ({@code strata_notification_failure_total}) and never fails what it
 * reports on: a backup is not undone because Slack is down.
 */
public final class Notifications {

    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final List<NotificationChannel> channels;
    private final boolean always;
    private final LongAdder failures = new LongAdder();

    Notifications(List<NotificationChannel> channels, boolean always) {
        this.channels = List.copyOf(channels);
        this.always = always;
    }

    /** @param sns the SDK client, asked for only when a topic is set and a message is sent */
    public static Notifications of(NotifySettings settings, Supplier<SnsClient> sns) {
        List<NotificationChannel> channels = new ArrayList<>();
        settings.snsTopicArn().ifPresent(arn -> channels.add(new SnsChannel(arn, sns)));
        settings.webhook().ifPresent(url -> channels.add(new WebhookChannel(url)));
        return new Notifications(channels, settings.always());
    }

    /** Messages that could not be sent, since start. */
    public LongAdder failures() {
        return failures;
    }

    /** A run's report (every backup route ends with one): a message per failed resource, or per resource. */
    public void runFinished(RunReport report) {
        for (ResourceOutcome outcome : report.outcomes()) {
            notify(new Notification("backup", report.runId(), report.plan(), outcome.resource(), null,
                    outcome.success() ? "OK" : "FAILED", outcome.success() ? null : outcome.error()));
        }
    }

    /**
     * What a verification found for one resource ({@code status} OK, STALE, CORRUPT, MISSING or FAILED).
     * @param runId the verification run's id
     */
    public void resourceChecked(String runId, String plan, String resource, String status, String reason) {
        notify(new Notification("verify", runId, plan, resource, null, status, reason));
    }

    /** A verify pass: a message per resource not OK (per resource with {@code always}), the pass named by its time. */
    public void verified(VerifyReport report) {
        String runId = report.states().isEmpty() ? "verify" : "verify-" + STAMP.format(report.states().get(0).asOf());
        for (ResourceState state : report.states()) {
            resourceChecked(runId, state.plan(), state.resource(), state.status().name(), state.reason());
        }
    }

    /**
     * How a restore test of one resource's newest recovery point ended, named by the point it restored; the tests
     * of one pass share its run id (they share the pass's start).
     */
    public void restoreTested(RestoreTestOutcome outcome) {
        boolean passed = outcome.result().passed();
        notify(new Notification("restore-test", "restore-test-" + STAMP.format(outcome.startedAt()), outcome.plan(),
                outcome.resource(), outcome.recoveryPoint(), passed ? "OK" : "FAILED",
                passed ? null : outcome.result().reason()));
    }

    /** Sends {@code notification} to every channel unless it reports success and only failures are asked for. */
    public void notify(Notification notification) {
        if (notification.ok() && !always) {
            return;
        }
        for (NotificationChannel channel : channels) {
            try {
                channel.send(notification);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failures.increment();
                LOG.warn("Notification of {} ({}, run {}) not sent to {}: {}", notification.resource(),
                        notification.status(), notification.runId(), channel.describe(), e.getMessage());
            }
        }
    }
}
