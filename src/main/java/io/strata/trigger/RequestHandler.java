package io.strata.trigger;

import io.strata.hold.HoldOrder;
import io.strata.hold.HoldOutcome;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.Resource;
import io.strata.service.ServiceRegistry;
import io.strata.vault.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One request file, whatever brought it: read (at most 64 KB), parse, carry out, and say what became of it. */
public final class RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    /** The trigger name of runs started by a request file, in run reports. */
    public static final String TRIGGER = "request";
    /** How a hold placed by a request file names where it came from, before the file's name. */
    private static final String ORIGIN = "request ";

    private final RequestParser parser;
    private final ServiceRegistry services;
    private final RequestExecutor executor;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private final RequestTerms terms;

    /** @param stopping true once Strata is stopping (SIGTERM): work that fails then is not the request's outcome */
    public RequestHandler(RequestParser parser, ServiceRegistry services, RequestExecutor executor, Clock clock,
                          BooleanSupplier stopping) {
        this.parser = parser;
        this.services = services;
        this.executor = executor;
        this.clock = clock;
        this.stopping = stopping;
        this.terms = new RequestTerms(services.restoreOptions());
    }

    /** Reads at most 64 KB + 1 byte: a larger file is rejected without being read whole. */
    public static byte[] read(InputStream content) {
        try (content) {
            return content.readNBytes(RequestParser.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Never throws for a bad request: its outcome says REJECTED with the reason. */
    public RequestOutcome handle(String name, byte[] content) {
        Instant received = clock.instant();
        String sha = sha256(content);
        TriggerRequest request = null;
        try {
            request = parser.parse(content);
            if (request instanceof TriggerRequest.Backup backup) {
                checkSelectors(backup);
            }
            if (request instanceof TriggerRequest.Restore restore) {
                checkTarget(restore);
            }
        } catch (RejectedRequest e) {
            String asked = request != null ? request.action() : e.action();
            return outcome(name, sha, asked, RequestOutcome.REJECTED, null, List.of(), null, List.of(e.getMessage()), received);
        }
        LOG.info("Request {}: {}", name, request);
        RequestOutcome outcome = carryOut(name, sha, request, received);
        if (!RequestOutcome.OK.equals(outcome.status()) && stopping.getAsBoolean()) {
            // Stopped work (an export aborted by SIGTERM) is no answer to the request: it stays and runs at the next start.
            throw new IllegalStateException("Strata stopped while request " + name + " ran: it was not moved and runs "
                    + "again at the next start (" + String.join("; ", outcome.errors()) + ")");
        }
        return outcome;
    }

    /** The outcome of an entry refused before being read (a link, a FIFO): no digest, since nothing was read. */
    public RequestOutcome refuse(String name, String reason) {
        return outcome(name, null, null, RequestOutcome.REJECTED, null, List.of(), null, List.of(reason), clock.instant());
    }

    private RequestOutcome carryOut(String name, String sha, TriggerRequest request, Instant received) {
        try {
            if (request instanceof TriggerRequest.Backup backup) {
                return backup(name, sha, backup, received);
            }
            if (request instanceof TriggerRequest.Restore restore) {
                String restored = executor.restore(restore.recoveryPoint(), restore.request(), restore.retrieval());
                return outcome(name, sha, "restore", RequestOutcome.OK, null, List.of(restore.recoveryPoint()),
                        restored, List.of(), received);
            }
            if (request instanceof TriggerRequest.Hold hold) {
                HoldOutcome held = executor.hold(new HoldOrder(hold.recoveryPoint(), hold.reason(), ORIGIN + name));
                return outcome(name, sha, "hold", RequestOutcome.OK, null, List.of(held.recoveryPoint()), null, List.of(),
                        received);
            }
            if (request instanceof TriggerRequest.Release release) {
                HoldOutcome released = executor.release(new HoldOrder(release.recoveryPoint(), null, ORIGIN + name));
                return outcome(name, sha, "release", RequestOutcome.OK, null, List.of(released.recoveryPoint()), null,
                        List.of(), received);
            }
            TriggerRequest.Verify verify = (TriggerRequest.Verify) request;
            VerificationReport report = executor.verify(verify.recoveryPoint(), verify.retrieval());
            return outcome(name, sha, "verify", report.ok() ? RequestOutcome.OK : RequestOutcome.FAILED, null,
                    List.of(report.recoveryPoint()), null, report.findings(), received);
        } catch (RuntimeException e) {
            // A restore's options are this file's fields: say "overwrite": true, not --overwrite.
            String error = request instanceof TriggerRequest.Restore ? terms.of(e.getMessage()) : e.getMessage();
            return outcome(name, sha, request.action(), RequestOutcome.FAILED, null, List.of(), null,
                    List.of(String.valueOf(error)), received);
        }
    }

    /**
     * A selector that matches nothing makes the request invalid, before any backup starts. A selector that
     * could not be resolved (AWS unreachable) is not the request's fault: the run reports it as a failure.
     */
    private void checkSelectors(TriggerRequest.Backup backup) {
        List<String> problems = services.resolve(backup.resources()).stream().map(Resource::problem)
                .filter(problem -> problem != null && !problem.startsWith("cannot resolve")).toList();
        if (!problems.isEmpty()) {
            throw new RejectedRequest(String.join("; ", problems));
        }
    }

    /** A target the restoring service would refuse as a name (../../etc/passwd, 300 characters) is refused here. */
    private void checkTarget(TriggerRequest.Restore restore) {
        try {
            services.selectors().checkTarget(restore.recoveryPoint(), restore.request().target(), "\"target\"");
        } catch (IllegalArgumentException e) {
            throw new RejectedRequest(e.getMessage());
        }
    }

    private RequestOutcome backup(String name, String sha, TriggerRequest.Backup backup, Instant received) {
        RunReport report = executor.backup(BackupRequest.of(TRIGGER, backup.plan(), backup.resources(), received));
        return outcome(name, sha, "backup", report.success() ? RequestOutcome.OK : RequestOutcome.FAILED, report.runId(),
                report.outcomes().stream().filter(ResourceOutcome::success).map(ResourceOutcome::recoveryPoint).toList(),
                null, report.outcomes().stream().filter(o -> !o.success()).map(o -> o.resource() + ": " + o.error()).toList(),
                received);
    }

    private RequestOutcome outcome(String name, String sha, String action, String status, String runId,
                                   List<String> points, String restored, List<String> errors, Instant received) {
        Instant finished = clock.instant();
        return new RequestOutcome(name, sha, action, status, runId, points, restored, errors, received, finished,
                Duration.between(received, finished).toMillis() / 1000.0);
    }
}
