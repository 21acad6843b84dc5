package io.strata.app;

import io.strata.archive.ArchiveReport;
import io.strata.archive.Archivist;
import io.strata.monitor.RestoreTestOutcome;
import io.strata.hold.HoldOrder;
import io.strata.hold.HoldOutcome;
import io.strata.run.BackupRequest;
import io.strata.run.Recoveries;
import io.strata.run.RunReport;
import io.strata.run.RunService;
import io.strata.service.RestoreRequest;
import io.strata.thaw.ThawRetrieval;
import io.strata.trigger.RequestExecutor;
import io.strata.vault.VerificationReport;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests into the routes, whoever asks (the CLI, JMX, the request triggers): one producer call per
 * request to {@code direct:run-request}, {@code direct:restore-request}, {@code direct:verify-request},
 * {@code direct:hold-request}, {@code direct:release-request} or {@code direct:archive}, with the route's failure thrown as the service threw it.
 */
final class RouteCalls implements RequestExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RouteCalls.class);

    private final ProducerTemplate producer;
    private final RunService runs;

    RouteCalls(ProducerTemplate producer, RunService runs) {
        this.producer = producer;
        this.runs = runs;
    }

    /** A report always: if the route itself breaks, every selector is reported failed (and the report stored). */
    RunReport run(BackupRequest request) {
        try {
            return producer.requestBody("direct:run-request", request, RunReport.class);
        } catch (RuntimeException e) {
            LOG.error("Run {} failed outside its resources", request.runId(), e);
            return runs.reportFailure(request, e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public RunReport backup(BackupRequest request) {
        return run(request);
    }

    @Override
    public String restore(String source, RestoreRequest request, Optional<ThawRetrieval> retrieval) {
        return call("direct:restore-request", new Recoveries.RestoreOrder(source, request, retrieval), String.class);
    }

    @Override
    public VerificationReport verify(String recoveryPoint, Optional<ThawRetrieval> retrieval) {
        return call("direct:verify-request", new Recoveries.VerifyOrder(recoveryPoint, retrieval), VerificationReport.class);
    }

    @Override
    public HoldOutcome hold(HoldOrder order) {
        return call("direct:hold-request", order, HoldOutcome.class);
    }

    @Override
    public HoldOutcome release(HoldOrder order) {
        return call("direct:release-request", order, HoldOutcome.class);
    }

    @SuppressWarnings("unchecked")
    List<RestoreTestOutcome> restoreTests() {
        return call("direct:restore-test", null, List.class);
    }

    @SuppressWarnings("unchecked")
    List<ArchiveReport> archive(Archivist.ArchiveOrder order) {
        return call("direct:archive", order, List.class);
    }

    private <T> T call(String uri, Object body, Class<T> type) {
        try {
            return producer.requestBody(uri, body, type);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }
}
