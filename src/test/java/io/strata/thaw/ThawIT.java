package io.strata.thaw;

import io.strata.dynamodb.DynamoDbSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.TableExporter;
import io.strata.plan.PlanCatalog;
import io.strata.service.RestoreRequest;
import io.strata.service.StopSignal;
import io.strata.service.Waiter;
import io.strata.support.GlacierS3;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * Restore and verify of recovery points whose data files were moved to colder storage classes,
 * through the restore-request and verify-request routes, against DynamoDB Local and S3Mock. S3Mock
 * serves archived objects and has no RestoreObject: {@link GlacierS3} adds exactly what AWS does
 * there (403 InvalidObjectState, RestoreObject, x-amz-restore), and the tests complete the restores
 * from another thread, as AWS would hours later.
 */
class ThawIT {

    private static final Path HOME = Path.of("").toAbsolutePath();

    private GlacierS3 glacier;
    private Properties properties;
    private StrataSettings settings;
    private AwsClients clients;
    private Vault vault;
    private final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeEach
    void start() {
        glacier = new GlacierS3();
        properties = TestAws.properties(TestAws.unique("glacier"), "strata.dynamodb.segments", "4",
                "strata.archive.restore-poll-interval", "100ms", "strata.archive.restore-timeout", "2m");
        settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings, glacier);
        vault = TestAws.vault(clients, settings);
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        clients.close();
    }

    private RecoveryPoint backup(String table) throws Exception {
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, IntStream.range(0, 240).mapToObj(i -> Tables.simple("k" + i, i, "v" + i)).toList());
        RecoveryPoint point = new TableExporter(clients.dynamoDb(), vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(), "us-east-1")
                .export(table, null);
        assertTrue(point.files().size() >= 3, "several data files: " + point.files().size());
        return point;
    }

    /** As the archive moves a data file: CopyObject in place with the new storage class (S3Mock keeps it). */
    private void archive(String key, StorageClass storageClass) {
        clients.s3().copyObject(r -> r.sourceBucket(vault.bucket()).sourceKey(key).destinationBucket(vault.bucket())
                .destinationKey(key).storageClass(storageClass));
    }

    private Set<String> archiveAll(RecoveryPoint point, StorageClass storageClass) {
        List<String> keys = point.files().stream().map(DataFile::key).toList();
        keys.forEach(key -> archive(key, storageClass));
        return Set.copyOf(keys);
    }

    private StrataRuntime runtime(StopSignal stop) throws Exception {
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        return Composition.of(HOME, settings, plans, clients, vault, Clock.systemUTC(), stop).runtime().start();
    }

    private String restore(RecoveryPoint point, String target, Optional<ThawRetrieval> retrieval, StopSignal stop)
            throws Exception {
        try (StrataRuntime runtime = runtime(stop)) {
            return runtime.restore(point.key(), new RestoreRequest(target, Map.of()), retrieval);
        }
    }

    private VerificationReport verify(RecoveryPoint point, Optional<ThawRetrieval> retrieval) throws Exception {
        try (StrataRuntime runtime = runtime(new StopSignal())) {
            return runtime.verify(point.key(), retrieval);
        }
    }

    /** In another thread: once {@code condition} holds, runs {@code then} (the hours of a real restore, skipped). */
    private CompletableFuture<Void> when(BooleanSupplier condition, Runnable then) {
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not reached in 60 s");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            then.run();
        }, background);
    }

    private boolean exists(String table) {
        try {
            clients.dynamoDb().describeTable(r -> r.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static Set<String> keys(List<GlacierS3.RestoreCall> calls) {
        return calls.stream().map(GlacierS3.RestoreCall::key).collect(Collectors.toSet());
    }

    @Test
    void archivedDataFilesAreRestoredOncePolledUntilReadableThenTheTableIsRestored() throws Exception {
        String table = TestAws.unique("deep");
        RecoveryPoint point = backup(table);
        List<String> files = point.files().stream().map(DataFile::key).toList();
        archive(files.get(0), StorageClass.GLACIER_IR);
        files.subList(1, files.size()).forEach(key -> archive(key, StorageClass.DEEP_ARCHIVE));
        Set<String> deep = Set.copyOf(files.subList(1, files.size()));
        String target = TestAws.unique("deep-restored");
        ListAppender<ILoggingEvent> progress = new ListAppender<>();
        progress.start();
        ((Logger) LoggerFactory.getLogger(Waiter.class)).addAppender(progress);
        boolean[] tableWhileWaiting = new boolean[1];
        var completed = when(() -> glacier.ongoing() == deep.size() && glacier.archivedHeads() >= 2 * deep.size(), () -> {
            tableWhileWaiting[0] = exists(target);
            glacier.completeRestores();
        });

        String restored = restore(point, target, Optional.of(new ThawRetrieval(Tier.BULK, 7)), new StopSignal());

        ((Logger) LoggerFactory.getLogger(Waiter.class)).detachAppender(progress);
        completed.get(5, TimeUnit.SECONDS);
        assertTrue(restored.contains(target), restored);
        assertEquals(deep, keys(glacier.acceptedRestores()), "one RestoreObject per DEEP_ARCHIVE data file, none for "
                + "the GLACIER_IR file, the descriptor or the manifests");
        assertEquals(deep.size(), glacier.restoreCalls().size());
        assertTrue(glacier.restoreCalls().stream().allMatch(c -> c.tier().equals("Bulk") && c.days() == 7),
                glacier.restoreCalls().toString());
        assertFalse(tableWhileWaiting[0], "nothing is created before the archived files are readable");
        assertEquals(0, glacier.refusedReads(), "no read of an archived file before its restore completed");
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));
        List<String> lines = progress.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        int total = deep.size();
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*: 0/" + total + " archived objects readable, 0m0\\ds elapsed")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*: " + total + "/" + total + " archived objects readable, \\dm\\d\\ds elapsed")), lines.toString());
    }

    @Test
    void withoutRetrievalFlagsNothingIsRequestedNorCreatedAndTheMessageSaysWhatToRun() throws Exception {
        String table = TestAws.unique("unflagged");
        RecoveryPoint point = backup(table);
        Set<String> deep = archiveAll(point, StorageClass.DEEP_ARCHIVE);
        String target = TestAws.unique("unflagged-restored");

        ThawException refused = assertThrows(ThawException.class,
                () -> restore(point, target, Optional.empty(), new StopSignal()));

        String prefix = point.key();
        assertTrue(refused.getMessage().startsWith(deep.size() + " of " + (deep.size() + 3) + " objects of " + prefix
                + " are in DEEP_ARCHIVE and not restored: restore them first with: strata restore " + point.key()
                + " --to " + target + " --retrieval-tier Standard --restore-days 3 (from DEEP_ARCHIVE Standard takes up "
                + "to 12 h, Bulk up to 48 h"), refused.getMessage());
        assertTrue(glacier.restoreCalls().isEmpty());
        assertEquals(0, glacier.refusedReads(), "refused before any read, not by a raw InvalidObjectState");
        assertFalse(exists(target));
    }

    @Test
    void aRerunAfterAnInterruptedWaitRequestsNothingAgain() throws Exception {
        String table = TestAws.unique("rerun");
        RecoveryPoint point = backup(table);
        Set<String> deep = archiveAll(point, StorageClass.GLACIER);
        String target = TestAws.unique("rerun-restored");
        StopSignal first = new StopSignal();
        when(() -> glacier.ongoing() == deep.size() && glacier.archivedHeads() >= 2 * deep.size(), first::request);

        ThawException stopped = assertThrows(ThawException.class,
                () -> restore(point, target, Optional.of(ThawRetrieval.DEFAULT), first));

        assertTrue(stopped.getMessage().startsWith("Stopped while waiting for the restore of " + deep.size()
                + " archived object(s)"), stopped.getMessage());
        assertTrue(stopped.getMessage().contains("run the same command again"), stopped.getMessage());
        assertFalse(exists(target));
        assertEquals(deep, keys(glacier.acceptedRestores()));
        int headsBefore = glacier.archivedHeads();
        var completed = when(() -> glacier.archivedHeads() >= headsBefore + 2 * deep.size(), glacier::completeRestores);

        restore(point, target, Optional.of(ThawRetrieval.DEFAULT), new StopSignal());

        completed.get(5, TimeUnit.SECONDS);
        assertEquals(deep.size(), glacier.restoreCalls().size(), "the rerun saw them restoring (x-amz-restore) and asked nothing");
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));
    }

    @Test
    void twoRestoresAtOnceRequestEachObjectOnce() throws Exception {
        String table = TestAws.unique("twice");
        RecoveryPoint point = backup(table);
        Set<String> deep = archiveAll(point, StorageClass.DEEP_ARCHIVE);
        String one = TestAws.unique("twice-a");
        String two = TestAws.unique("twice-b");
        ListAppender<ILoggingEvent> requested = new ListAppender<>();
        requested.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Thaw.class);
        logger.addAppender(requested);
        // Completed only once both runs have been through their requests: they wait side by side.
        var completed = when(() -> requested.list.stream().filter(e -> e.getFormattedMessage().contains(" requested (")).count() == 2,
                glacier::completeRestores);
        Optional<ThawRetrieval> retrieval = Optional.of(new ThawRetrieval(Tier.STANDARD, 1));

        Future<String> a = background.submit(() -> restore(point, one, retrieval, new StopSignal()));
        Future<String> b = background.submit(() -> restore(point, two, retrieval, new StopSignal()));
        try {
            a.get(90, TimeUnit.SECONDS);
            b.get(90, TimeUnit.SECONDS);
        } finally {
            logger.detachAppender(requested);
        }

        completed.get(5, TimeUnit.SECONDS);
        assertEquals(deep.size(), glacier.acceptedRestores().size(), "each object restored once: " + glacier.restoreCalls());
        assertEquals(deep, keys(glacier.acceptedRestores()));
        assertTrue(glacier.restoreCalls().stream().allMatch(c -> c.status() == 202 || c.status() == 409),
                "a second request while one is ongoing is 409 RestoreAlreadyInProgress, taken as restoring");
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), one));
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), two));
    }

    @Test
    void expeditedIsRefusedForDeepArchiveBeforeAnyRequest() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("expedited"));
        List<String> files = point.files().stream().map(DataFile::key).toList();
        archive(files.get(0), StorageClass.GLACIER);
        files.subList(1, files.size()).forEach(key -> archive(key, StorageClass.DEEP_ARCHIVE));
        String target = TestAws.unique("expedited-restored");

        ThawException refused = assertThrows(ThawException.class, () -> restore(point, target,
                Optional.of(new ThawRetrieval(Tier.EXPEDITED, 1)), new StopSignal()));

        assertTrue(refused.getMessage().startsWith("Expedited retrieval is not offered for DEEP_ARCHIVE, where "
                + (files.size() - 1) + " of " + (files.size() + 3) + " objects of " + point.key() + " are: use "
                + "--retrieval-tier Standard (up to 12 h) or Bulk (up to 48 h)"), refused.getMessage());
        assertTrue(glacier.restoreCalls().isEmpty(), "not even the GLACIER file was requested: " + glacier.restoreCalls());
        assertFalse(exists(target));
    }

    @Test
    void instantRetrievalAndInfrequentAccessAreReadDirectly() throws Exception {
        String table = TestAws.unique("instant");
        RecoveryPoint point = backup(table);
        List<String> files = point.files().stream().map(DataFile::key).toList();
        for (int i = 0; i < files.size(); i++) {
            archive(files.get(i), i % 2 == 0 ? StorageClass.GLACIER_IR : StorageClass.STANDARD_IA);
        }
        String target = TestAws.unique("instant-restored");

        restore(point, target, Optional.empty(), new StopSignal());
        VerificationReport report = verify(point, Optional.empty());

        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));
        assertTrue(report.ok(), report.problems().toString());
        assertTrue(glacier.restoreCalls().isEmpty());
        assertEquals(0, glacier.archivedHeads(), "one listing, no HEAD: nothing is archived");
    }

    @Test
    void verifyRestoresArchivedFilesFirstAndRestoredCopiesNeedNoFlagsAfterwards() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("verified"));
        Set<String> deep = archiveAll(point, StorageClass.DEEP_ARCHIVE);

        ThawException refused = assertThrows(ThawException.class, () -> verify(point, Optional.empty()));
        var completed = when(() -> glacier.ongoing() == deep.size() && glacier.archivedHeads() >= 3 * deep.size(),
                glacier::completeRestores);
        VerificationReport report = verify(point, Optional.of(new ThawRetrieval(Tier.STANDARD, 2)));
        completed.get(5, TimeUnit.SECONDS);
        VerificationReport again = verify(point, Optional.empty());

        assertTrue(refused.getMessage().contains(": restore them first with: strata verify " + point.key()
                + " --retrieval-tier Standard --restore-days 3 ("), refused.getMessage());
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(240, report.items());
        assertEquals(deep, keys(glacier.acceptedRestores()));
        assertTrue(again.ok(), "restored copies (x-amz-restore ongoing-request=\"false\") are read without flags");
        assertEquals(deep.size(), glacier.restoreCalls().size());
    }

    @Test
    void nothingIsRestoredForAFolderThatIsNotACommittedRecoveryPoint() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("uncommitted"));
        archiveAll(point, StorageClass.DEEP_ARCHIVE);
        clients.s3().deleteObject(r -> r.bucket(vault.bucket()).key(point.key() + "recovery-point.json"));

        RuntimeException refused = assertThrows(RuntimeException.class, () -> restore(point, TestAws.unique("never"),
                Optional.of(ThawRetrieval.DEFAULT), new StopSignal()));

        assertTrue(refused.getMessage().startsWith("No committed recovery point at s3://"), refused.getMessage());
        assertTrue(glacier.restoreCalls().isEmpty(), "no retrieval paid for a folder that cannot be restored");
    }

    @Test
    void anArchivedDescriptorIsRestoredWithTheDataFiles() throws Exception {
        String table = TestAws.unique("descriptor");
        RecoveryPoint point = backup(table);
        Set<String> archived = new java.util.HashSet<>(archiveAll(point, StorageClass.GLACIER));
        String descriptor = point.key() + "recovery-point.json";
        archive(descriptor, StorageClass.GLACIER); // a lifecycle rule outside Strata
        archived.add(descriptor);
        String target = TestAws.unique("descriptor-restored");

        ThawException refused = assertThrows(ThawException.class,
                () -> restore(point, target, Optional.empty(), new StopSignal()));
        var completed = when(() -> glacier.ongoing() == archived.size(), glacier::completeRestores);
        restore(point, target, Optional.of(ThawRetrieval.DEFAULT), new StopSignal());

        completed.get(5, TimeUnit.SECONDS);
        assertTrue(refused.getMessage().startsWith(archived.size() + " of "), refused.getMessage());
        assertEquals(archived, keys(glacier.acceptedRestores()));
        assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));
    }

    @Test
    void aRestoreStillOngoingWithoutFlagsSaysToWaitAndATimeoutNamesItsSetting() throws Exception {
        RecoveryPoint point = backup(TestAws.unique("ongoing"));
        Set<String> deep = archiveAll(point, StorageClass.DEEP_ARCHIVE);
        properties.setProperty("strata.archive.restore-timeout", "500ms");
        settings = StrataSettings.from(properties);

        ThawException timedOut = assertThrows(ThawException.class,
                () -> verify(point, Optional.of(ThawRetrieval.DEFAULT)));
        ThawException waiting = assertThrows(ThawException.class, () -> verify(point, Optional.empty()));

        assertTrue(timedOut.getMessage().contains("0/" + deep.size() + " archived objects readable")
                && timedOut.getMessage().contains("(strata.archive.restore-timeout)")
                && timedOut.getMessage().endsWith("run the same command again to wait further (nothing is requested twice)"),
                timedOut.getMessage());
        assertTrue(waiting.getMessage().startsWith(deep.size() + " of " + (deep.size() + 3) + " objects of " + point.key()
                + " are in DEEP_ARCHIVE and still being restored (requested earlier): wait for them with: strata verify "),
                waiting.getMessage());
        assertEquals(deep.size(), glacier.restoreCalls().size());
    }
}
