package io.strata.trigger;

import io.strata.config.SettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The request triggers that are configured (none when no key is set): the S3 prefix
 * ({@code strata.requests.bucket}, optionally announced over SQS) and the inbox folder
 * ({@code strata.inbox}), as routes {@code requests-s3}, {@code requests-sqs} and {@code requests-inbox}
 * from the templates in {@code routes/triggers.camel.yaml}, sharing one idempotent repository: a file in
 * {@code strata.requests.state-dir}, or with several replicas ({@code strata.cluster.jdbc-url}) the claims they
 * share in PostgreSQL. Closing it (after Camel stopped) releases the inbox's lock.
 */
public final class RequestTriggers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestTriggers.class);

    private final List<String> started;
    private final InboxTrigger inbox;

    private RequestTriggers(List<String> started, InboxTrigger inbox) {
        this.started = started;
        this.inbox = inbox;
    }

    /**
     * Starts the configured triggers in {@code context}; the clients are built only for the triggers that use them,
     * the {@code shared} repository (several replicas) only when a trigger is configured.
     */
    public static RequestTriggers start(CamelContext context, RequestSettings settings, RequestHandler handler,
                                        Supplier<S3Client> s3, Supplier<SqsClient> sqs,
                                        Optional<Supplier<IdempotentRepository>> shared) throws Exception {
        if (settings.bucket().isEmpty() && settings.inbox().isEmpty()) {
            return new RequestTriggers(List.of(), null);
        }
        Optional<IdempotentRepository> claims = shared.map(Supplier::get);
        if (claims.isPresent()) {
            context.getRegistry().bind("requestIds", claims.get());
        } else {
            bindIdempotentRepository(context, settings.stateDir());
        }
        List<String> started = new ArrayList<>();
        String delay = String.valueOf(settings.pollInterval().toMillis());
        InboxTrigger inbox = null;
        if (settings.inbox().isPresent()) {
            inbox = InboxTrigger.start(context, settings.inbox().get().toAbsolutePath().normalize(), handler, delay,
                    claims.isPresent());
            started.add("requests-inbox");
        }
        if (settings.bucket().isPresent()) {
            String bucket = settings.bucket().get();
            context.getRegistry().bind("requestsS3", s3.get());
            S3Requests s3Requests = new S3Requests(s3.get(), bucket, settings, handler, claims);
            context.getRegistry().bind("s3Requests", s3Requests);
            // Shared: the claim is taken before the request runs (eager); a request claimed elsewhere is left alone.
            started.add(context.addRouteFromTemplate("requests-s3", "s3-request-trigger",
                    Map.of("bucket", bucket, "prefix", settings.prefix(), "delay", delay,
                            "eager", String.valueOf(claims.isPresent()),
                            "duplicate", claims.isPresent() ? "claimedElsewhere" : "duplicate")));
            LOG.info("Request prefix s3://{}/{}: results in {}results/", bucket, settings.prefix(), settings.parent());
            if (settings.sqsQueueUrl().isPresent()) {
                String url = settings.sqsQueueUrl().get();
                context.getRegistry().bind("requestsSqs", sqs.get());
                context.getRegistry().bind("s3Notifications", new S3Notifications(bucket, s3Requests));
                started.add(context.addRouteFromTemplate("requests-sqs", "sqs-request-trigger",
                        Map.of("queue", url.substring(url.lastIndexOf('/') + 1), "queueUrl", url)));
                LOG.info("S3 notifications of s3://{}/{} from {}", bucket, settings.prefix(), url);
            }
        } else if (settings.sqsQueueUrl().isPresent()) {
            throw needsBucket();
        }
        return new RequestTriggers(List.copyOf(started), inbox);
    }

    private static SettingsException needsBucket() {
        return new SettingsException("strata.requests.sqs-queue-url needs strata.requests.bucket: "
                + "the notifications name objects of that bucket");
    }

    private static void bindIdempotentRepository(CamelContext context, Path stateDir) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create strata.requests.state-dir " + stateDir, e);
        }
        // An LRU cache of the last 100,000 requests, kept in the file across restarts.
        context.getRegistry().bind("requestIds", FileIdempotentRepository.fileIdempotentRepository(
                stateDir.resolve("requests.idempotent").toFile(), 100_000));
    }

    /** The ids of the routes started. */
    public List<String> routes() {
        return started;
    }

    @Override
    public void close() {
        if (inbox != null) {
            inbox.close();
        }
    }
}
