package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.Faults;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Exports under hostile S3 behaviour: lost responses, failing housekeeping, a sweep racing a commit. */
class HostileExportIT {

    /** Short enough for a test, long enough that a busy 2-core machine never misses half of it (CheckHeld). */
    private static final AttemptTiming FAST = new AttemptTiming(Duration.ofMillis(100), Duration.ofSeconds(2));

    private StrataSettings settings;
    private AwsClients clients;
    private Vault vault;
    private String table;

    @BeforeEach
    void start() throws Exception {
        settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "2");
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        table = TestAws.unique("hostile");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, 200).mapToObj(i -> Tables.simple("p" + i % 5, i,
                "item " + i)).toList());
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    private TableExporter exporter(AwsClients with, AttemptTiming timing) {
        return new TableExporter(with.dynamoDb(), Vault.from(with.s3(), settings), DynamoDbSettings.from(settings.properties()), Clock.systemUTC(),
                "us-east-1", timing);
    }

    private String resourcePrefix() {
        return RecoveryPointKey.resourcePrefix("", "dynamodb", "us-east-1", table);
    }

    private List<String> keys(String prefix) {
        return clients.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** S3 stores the descriptor, but its response never reaches Strata (a timeout, a reset connection). */
    static final class LoseDescriptorResponse implements ExecutionInterceptor {
        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().endsWith(RecoveryPointKey.DESCRIPTOR)) {
                throw SdkClientException.create("injected: connection reset reading the PutObject response");
            }
        }
    }

    /**
     * The descriptor PUT reaches S3 but its response is lost. What S3 holds decides: the descriptor
     * is stored as written, so the export succeeds, and the report agrees with the vault.
     */
    @Test
    void aLostCommitResponseOverAStoredDescriptorIsASuccess() throws Exception {
        RecoveryPoint point;
        try (AwsClients lossy = TestAws.clients(settings, new LoseDescriptorResponse())) {
            point = exporter(lossy, AttemptTiming.DEFAULT).export(table, "p");
        }

        List<RecoveryPoint> listed = vault.list(p -> true).points();
        assertEquals(List.of(point.key()), listed.stream().map(RecoveryPoint::key).toList());
        assertTrue(new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key())).ok());
    }

    /** DeleteObjects fails (throttling, a 5xx burst, a policy denying s3:DeleteObject). */
    static final class FailDeleteObjects implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof DeleteObjectsRequest) {
                throw SdkClientException.create("injected: DeleteObjects failed");
            }
        }
    }

    /**
     * A killed attempt left an uncommitted folder; the next backup's sweep cannot delete it
     * (DeleteObjects fails). The sweep is housekeeping: the backup of the table, which needs no
     * delete, still commits and the sweep problem is logged (it used to fail every backup of the table).
     */
    @Test
    void aSweepThatCannotDeleteADeadFolderDoesNotFailTheBackup() throws Exception {
        try (AwsClients crashing = TestAws.clients(settings, new Faults.CrashBeforeCommit())) {
            assertThrows(Faults.Crash.class, () -> exporter(crashing, FAST).export(table, "crashed"));
        }
        Thread.sleep(FAST.staleAfter().multipliedBy(2).toMillis());

        RecoveryPoint point;
        try (AwsClients noDelete = TestAws.clients(settings, new FailDeleteObjects())) {
            try {
                point = exporter(noDelete, FAST).export(table, "next");
            } catch (RuntimeException e) {
                throw new AssertionError("the backup failed because the sweep of a dead attempt failed: " + e, e);
            }
        }
        assertTrue(new ExportVerifier(vault).verify(RecoveryPointKey.parse(point.key())).ok());
    }

    /**
     * A backup killed just before its commit leaves an uncommitted folder (README: it is not a
     * recovery point, the next backup sweeps it). Named as {@code strata list} prints it or as
     * {@code s3://bucket/<same key>}, restore refuses it ("No committed recovery point"); the s3://
     * form used to treat the folder as a native export and report success (no SHA-256/size record,
     * no saved schema, no TTL/stream/tags).
     */
    @Test
    void anUncommittedFolderNamedAsS3UriIsRefusedLikeThePlainForm() throws Exception {
        try (AwsClients crashing = TestAws.clients(settings, new Faults.CrashBeforeCommit())) {
            assertThrows(Faults.Crash.class, () -> exporter(crashing, FAST).export(table, "crashed"));
        }
        List<String> left = keys(resourcePrefix());
        String folder = left.get(0).substring(0, left.get(0).indexOf('/', resourcePrefix().length()) + 1);
        assertTrue(vault.list(p -> true).points().isEmpty(), "nothing was committed");
        ExportSourceResolver resolver = new ExportSourceResolver(vault);
        assertThrows(RuntimeException.class, () -> resolver.resolve(folder), "the plain form refuses it");

        String uri = "s3://" + vault.bucket() + "/" + folder;
        String target = table + "-from-uncommitted";
        RestoreResult result = null;
        try {
            result = new TableRestorer(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()))
                    .restore(resolver.resolve(uri), target, new RestoreOptions(false, "pk:S,sk:N", false));
        } catch (RuntimeException expected) {
            return;
        }
        throw new AssertionError("restore " + uri + " (an uncommitted, crashed attempt) reported success: "
                + result.items() + " items into " + target);
    }

    /** The attempt under test: its lease renewals fail while {@code outage}; its manifest waits for {@code manifest}. */
    static final class PausedAttempt implements ExecutionInterceptor {
        volatile boolean outage;
        final CountDownLatch atManifest = new CountDownLatch(1);
        final CountDownLatch manifest = new CountDownLatch(1);

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put) {
                if (outage && put.key().endsWith("in-progress.json")) {
                    throw SdkClientException.create("injected: S3 unreachable for this process");
                }
                if (put.key().endsWith("manifest-files.json")) {
                    atManifest.countDown();
                    Faults.await(manifest);
                }
            }
        }
    }

    /** The other run's sweep: its DeleteObjects waits for {@code delete}. */
    static final class SlowDelete implements ExecutionInterceptor {
        final CountDownLatch atDelete = new CountDownLatch(1);
        final CountDownLatch delete = new CountDownLatch(1);

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof DeleteObjectsRequest) {
                atDelete.countDown();
                Faults.await(delete);
            }
        }
    }

    /**
     * Attempt A has written its data files when its lease renewals start failing (a network
     * partition, a paused VM) for longer than the sweep age. Run B's sweep judges A dead and lists A's
     * folder to delete it; A's renewals then succeed again. A must not commit then (its lease
     * lapsed: its files may be gone), and every recovery point that is committed must verify.
     */
    @Test
    void anAttemptWhoseLeaseLapsedNeverCommitsOverFilesASweepMayDelete() throws Exception {
        PausedAttempt paused = new PausedAttempt();
        SlowDelete slowDelete = new SlowDelete();
        try (AwsClients a = TestAws.clients(settings, paused); AwsClients b = TestAws.clients(settings, slowDelete)) {
            CompletableFuture<RecoveryPoint> attemptA = CompletableFuture.supplyAsync(() -> exporter(a, FAST).export(table, "a"));
            assertTrue(paused.atManifest.await(60, TimeUnit.SECONDS), "A wrote its data files");
            paused.outage = true;
            Thread.sleep(FAST.staleAfter().multipliedBy(3).toMillis());

            CompletableFuture<RecoveryPoint> runB = CompletableFuture.supplyAsync(() -> exporter(b, FAST).export(table, "b"));
            assertTrue(slowDelete.atDelete.await(60, TimeUnit.SECONDS), "B's sweep judged A dead and is deleting it");
            paused.outage = false;
            Thread.sleep(FAST.renewEvery().multipliedBy(5).toMillis()); // A renews its lease again
            paused.manifest.countDown();
            ExecutionException lapsed = assertThrows(ExecutionException.class, () -> attemptA.get(60, TimeUnit.SECONDS));
            slowDelete.delete.countDown();
            RecoveryPoint other = runB.get(60, TimeUnit.SECONDS);

            assertTrue(lapsed.getCause().getMessage().contains("went unrenewed for"), lapsed.getCause().getMessage());
            assertEquals(List.of(other.key()), vault.list(p -> true).points().stream().map(RecoveryPoint::key).toList(),
                    "only B committed");
            VerificationReport report = new ExportVerifier(vault).verify(RecoveryPointKey.parse(other.key()));
            assertTrue(report.ok(), report.problems().toString());
        }
    }
}
