package io.strata.trigger;

import io.strata.text.Printable;
import java.time.Instant;
import java.util.List;

/**
 * What became of one request file, written beside it ({@code results/<name>.json} in S3,
 * {@code .done/<name>.result.json} or {@code .failed/<name>.result.json} in the inbox).
 *
 * @param action         as the file asked it, also when rejected ({@code "drop-table"}); null only when the file
 *                       names none (not JSON, no {@code "action"} string) or was refused unread (a link, a FIFO)
 * @param status         {@code OK}, {@code FAILED} (a valid request whose work failed) or {@code REJECTED} (not a
 *                       valid request: moved to failed)
 * @param sha256         of the request file's bytes: a second delivery of the same file is recognised by it
 * @param recoveryPoints made (backup), verified (verify) or restored from (restore)
 * @param restored       what a restore made, as its service describes it
 */
public record RequestOutcome(String request, String sha256, String action, String status, String runId,
                             List<String> recoveryPoints, String restored, List<String> errors, Instant receivedAt,
                             Instant finishedAt, double seconds) {

    public static final String OK = "OK";
    public static final String FAILED = "FAILED";
    public static final String REJECTED = "REJECTED";

    /** Names and messages (a request's name, a table named in it, AWS's errors) are kept printable: see {@link Printable}. */
    public RequestOutcome {
        request = Printable.of(request);
        action = Printable.of(action);
        recoveryPoints = recoveryPoints.stream().map(Printable::of).toList();
        restored = Printable.of(restored);
        errors = errors.stream().map(Printable::of).toList();
    }

    public boolean rejected() {
        return REJECTED.equals(status);
    }

    /** One line for the log: the file, the status and the first reason. */
    public String summary() {
        return "Request " + request + " (" + (action == null ? "?" : action) + "): " + status
                + (errors.isEmpty() ? "" : " - " + String.join("; ", errors))
                + (recoveryPoints.isEmpty() ? "" : " " + recoveryPoints);
    }
}
