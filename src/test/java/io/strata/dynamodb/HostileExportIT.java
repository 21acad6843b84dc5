package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.RecoveryPointVerifier;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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

    private static final AttemptTiming FAST = new AttemptTiming(Duration.ofMillis(100), Duration.ofSeconds(1));

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
        return new TableExporter(with.dynamoDb(), Vault.from(with.s3(), settings), settings.dynamodb(), Clock.systemUTC(),
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
     * The descriptor PUT reaches S3 but its response is lost. The export reports
     * "failed, nothing committed" (the run report says FAIL), its cleanup sees the descriptor and
     * deletes nothing, and a committed recovery point stays in the vault, listed by 'strata list'.
     * Expected (README: "A failed backup leaves nothing that looks valid"): either the export
     * succeeds, or its cleanup also removes the descriptor it wrote.
     */
    @Test
    void aLostCommitResponseReportsFailureOverACommittedRecoveryPoint() throws Exception {
        ExportException error;
        try (AwsClients lossy = TestAws.clients(settings, new LoseDescriptorResponse())) {
            error = assertThrows(ExportException.class, () -> exporter(lossy, AttemptTiming.DEFAULT).export(table, "p"));
        }
        assertTrue(error.getMessage().contains("nothing committed"), error.getMessage());

        List<RecoveryPoint> listed = vault.list(p -> true).points();
        assertEquals(List.of(), listed.stream().map(RecoveryPoint::key).toList(),
                "the export said '" + error.getMessage() + "', yet 'strata list' shows a committed recovery point; "
                        + "left under the table: " + keys(resourcePrefix()));
    }

    /** Stops the attempt dead (as kill -9 would) just before its descriptor is written. */
    static final class CrashBeforeCommit implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().endsWith(RecoveryPointKey.DESCRIPTOR)) {
                throw new Crash();
            }
        }
    }

    static final class Crash extends Error {
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
     * (DeleteObjects fails). The sweep runs outside the export's error handling, so the failure of
     * this housekeeping fails the whole backup (and every later one of the table while it persists),
     * with a raw S3 error instead of "Export of ... failed, nothing committed".
     * Expected: the backup of the table, which needs no delete, still commits; the sweep problem is logged.
     */
    @Test
    void aSweepThatCannotDeleteADeadFolderFailsAnOtherwiseGoodBackup() throws Exception {
        try (AwsClients crashing = TestAws.clients(settings, new CrashBeforeCommit())) {
            assertThrows(Crash.class, () -> exporter(crashing, FAST).export(table, "crashed"));
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
        assertTrue(new RecoveryPointVerifier(vault).verify(RecoveryPointKey.parse(point.key())).ok());
    }

    /**
     * A backup killed just before its commit leaves an uncommitted folder (README: it is not a
     * recovery point, the next backup sweeps it). Named as {@code strata list} prints it, restore
     * refuses it ("No committed recovery point"), and so does verify in both forms; named as
     * {@code s3://bucket/<same key>} restore silently treats the folder as a native export and
     * reports success (no descriptor, so no SHA-256/size record, no saved schema, no TTL/stream/tags).
     * Expected: the s3:// form of a recovery point's key refuses an uncommitted folder too.
     */
    @Test
    void anUncommittedFolderNamedAsS3UriIsRestoredAsIfItWereABackup() throws Exception {
        try (AwsClients crashing = TestAws.clients(settings, new CrashBeforeCommit())) {
            assertThrows(Crash.class, () -> exporter(crashing, FAST).export(table, "crashed"));
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
            result = new TableRestorer(clients.dynamoDb(), vault, settings.dynamodb())
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
                    await(manifest);
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
                await(delete);
            }
        }
    }

    /**
     * Attempt A has written its data files when its lease renewals start failing (a network
     * partition, a paused VM) for longer than the sweep age. Run B's sweep judges A dead and lists A's
     * folder to delete it; A's renewals then succeed again, so A's lease check passes, its files are
     * all still there, and A commits. B's DeleteObjects, built from the listing taken before the
     * commit, then removes A's data files: a committed recovery point whose files are gone.
     * (The sweeper does not look again, after listing, whether the folder was committed or its lease
     * renewed.) Expected: A's committed recovery point verifies.
     */
    @Test
    void aSweepListedBeforeACommitDeletesTheFilesOfTheCommittedRecoveryPoint() throws Exception {
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
            RecoveryPoint committed = attemptA.get(60, TimeUnit.SECONDS);
            slowDelete.delete.countDown();
            runB.get(60, TimeUnit.SECONDS);

            assertTrue(vault.list(p -> true).points().stream().anyMatch(p -> p.key().equals(committed.key())),
                    "A's recovery point is committed and listed");
            VerificationReport report = new RecoveryPointVerifier(vault).verify(RecoveryPointKey.parse(committed.key()));
            assertTrue(report.ok(), "the committed recovery point " + committed.key() + " lost its files: "
                    + report.problems() + "; left: " + keys(committed.key()));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
