package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.GlacierS3;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Request files for a recovery point whose data files are in DEEP_ARCHIVE: without the retrieval
 * fields the outcome says what to run; with them the files are restored first (GlacierS3 adds
 * S3's archive behaviour that S3Mock lacks; the test completes the restores).
 */
class ArchivedRequestsIT {

    @TempDir
    Path temp;
    private Path inbox;
    private TriggerFixture aws;
    private final GlacierS3 glacier = new GlacierS3();

    @BeforeEach
    void start() throws Exception {
        inbox = temp.resolve("inbox");
        aws = new TriggerFixture("strata.inbox", inbox.toString(), "strata.requests.state-dir", temp.resolve("state").toString(),
                "strata.archive.restore-poll-interval", "100ms");
        aws.start(glacier);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private RequestOutcome drop(String name, String json) throws Exception {
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
        Files.createDirectories(inbox);
        Path temporary = inbox.resolve("." + name + ".tmp");
        Files.writeString(temporary, json, StandardCharsets.UTF_8);
        Files.move(temporary, inbox.resolve(name));
        assertTrue(done.matches(60, TimeUnit.SECONDS), name + " not done in 60 s");
        TriggerFixture.await(() -> Files.exists(inbox.resolve(".done").resolve(name + ".result.json")), name + "'s outcome");
        return TriggerFixture.outcome(Files.readAllBytes(inbox.resolve(".done").resolve(name + ".result.json")));
    }

    @Test
    void aVerifyRequestRestoresArchivedFilesOnlyWhenItAsks() throws Exception {
        String point = drop("backup.json", "{\"action\":\"backup\",\"plan\":\"orders\"}").recoveryPoints().get(0);
        RecoveryPoint committed = aws.points().get(0);
        for (DataFile file : committed.files()) {
            aws.clients.s3().copyObject(r -> r.sourceBucket(aws.vault.bucket()).sourceKey(file.key())
                    .destinationBucket(aws.vault.bucket()).destinationKey(file.key()).storageClass(StorageClass.DEEP_ARCHIVE));
        }
        Set<String> deep = committed.files().stream().map(DataFile::key).collect(Collectors.toSet());

        RequestOutcome unflagged = drop("plain.json", "{\"action\":\"verify\",\"recoveryPoint\":\"" + point + "\"}");
        CompletableFuture<Void> completed = CompletableFuture.runAsync(() -> {
            try {
                TriggerFixture.await(() -> glacier.ongoing() == deep.size(), "restores requested");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            glacier.completeRestores();
        });
        RequestOutcome flagged = drop("bulk.json", "{\"action\":\"verify\",\"recoveryPoint\":\"" + point
                + "\",\"retrievalTier\":\"Bulk\",\"restoreDays\":5}");

        completed.get(10, TimeUnit.SECONDS);
        assertEquals(RequestOutcome.FAILED, unflagged.status(), unflagged.toString());
        assertTrue(unflagged.errors().get(0).contains("are in DEEP_ARCHIVE and not restored: restore them first with: "
                + "strata verify " + point + " --retrieval-tier Standard --restore-days 3"), unflagged.errors().toString());
        assertEquals(RequestOutcome.OK, flagged.status(), flagged.toString());
        assertEquals(deep, glacier.acceptedRestores().stream().map(GlacierS3.RestoreCall::key).collect(Collectors.toSet()));
        assertTrue(glacier.restoreCalls().stream().allMatch(c -> c.tier().equals("Bulk") && c.days() == 5),
                glacier.restoreCalls().toString());
    }
}
