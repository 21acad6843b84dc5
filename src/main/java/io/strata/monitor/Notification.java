package io.strata.monitor;

/**
 * One message: what happened to one resource, in which run, and why.
 *
 * @param event    {@code backup}, {@code verify} or {@code restore-test}
 * @param recoveryPoint the recovery point's key a restore test restored; null for the other events
 * @param status   OK, FAILED, STALE, CORRUPT or MISSING
 * @param reason   why it is not OK; null when it is
 */
public record Notification(String event, String runId, String plan, String resource, String recoveryPoint,
                           String status, String reason) {

    /** One line for a person (Slack's {@code text}, the SNS message). */
    public String text() {
        return "Strata " + event + " " + status + ": " + resource + (plan == null || plan.isEmpty() ? "" : " (plan " + plan
                + ")") + (recoveryPoint == null ? "" : ", recovery point " + recoveryPoint) + ", run " + runId + (reason == null ? "" : ": " + reason);
    }

    /** SNS's subject: ASCII, no line breaks, at most 100 characters. */
    String subject() {
        String subject = ("Strata " + event + " " + status + ": " + resource).replaceAll("[^\\x20-\\x7E]", "?");
        return subject.length() <= 100 ? subject : subject.substring(0, 99) + "~";
    }

    public boolean ok() {
        return "OK".equals(status);
    }
}
