package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever may drop files into the inbox may also drop things that are not files: a symbolic link to
 * a request or a secret elsewhere, a FIFO that blocks whoever opens it. Each is set aside in .failed/
 * with the reason, never followed nor opened, and the inbox keeps serving. Real links, a real FIFO
 * ({@code mkfifo}), real Camel file consumer.
 */
class HostileInboxFilesIT {

    private static final String BACKUP = "{\"action\":\"backup\",\"plan\":\"orders\"}";

    @TempDir
    Path temp;
    private Path inbox;
    private TriggerFixture aws;

    @BeforeEach
    void start() throws Exception {
        inbox = temp.resolve("inbox");
        Files.createDirectories(inbox);
        aws = new TriggerFixture("strata.inbox", inbox.toString(), "strata.requests.state-dir", temp.resolve("state").toString());
        aws.start();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** Drops a valid request and waits until the inbox route has handled it: the inbox still serves. */
    private RequestOutcome dropValid(String name) throws Exception {
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
        Files.writeString(inbox.resolve("." + name + ".tmp"), BACKUP);
        Files.move(inbox.resolve("." + name + ".tmp"), inbox.resolve(name));
        assertTrue(done.matches(60, TimeUnit.SECONDS), name + " not handled within 60 s: the inbox no longer serves");
        TriggerFixture.await(() -> Files.exists(inbox.resolve(".done/" + name)), name + " moved to .done");
        return TriggerFixture.outcome(Files.readAllBytes(inbox.resolve(".done/" + name + ".result.json")));
    }

    private RequestOutcome setAside(String name) throws Exception {
        TriggerFixture.await(() -> Files.exists(inbox.resolve(".failed/" + name + ".result.json")),
                name + " set aside in .failed/ with its outcome");
        assertFalse(Files.exists(inbox.resolve(name), LinkOption.NOFOLLOW_LINKS), name + " left the inbox");
        return TriggerFixture.outcome(Files.readAllBytes(inbox.resolve(".failed/" + name + ".result.json")));
    }

    @Test
    void aSymlinkToAValidRequestElsewhereIsNotFollowed() throws Exception {
        Path elsewhere = Files.writeString(temp.resolve("elsewhere.json"), BACKUP);
        Files.createSymbolicLink(inbox.resolve("link.json"), elsewhere);

        RequestOutcome valid = dropValid("after-link.json");
        RequestOutcome link = setAside("link.json");

        assertEquals(RequestOutcome.OK, valid.status(), valid.toString());
        assertEquals(RequestOutcome.REJECTED, link.status(), link.toString());
        assertTrue(link.errors().get(0).contains("symbolic link"), link.errors().toString());
        assertNull(link.sha256(), "nothing was read, so no digest");
        assertEquals(1, aws.points().size(), "only the real request ran, not the linked one");
        assertTrue(Files.isSymbolicLink(inbox.resolve(".failed/link.json")), "the link itself was moved, not its target");
        assertEquals(BACKUP, Files.readString(elsewhere), "the target is untouched");
    }

    @Test
    void aSymlinkToASecretLeaksNothingOfIt() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret"), "TOPSECRET-token-4711 and more\n");
        Files.createSymbolicLink(inbox.resolve("passwd"), secret);

        RequestOutcome outcome = setAside("passwd");

        String written = Files.readString(inbox.resolve(".failed/passwd.result.json"));
        assertFalse(written.contains("TOPSECRET"), "the outcome quotes the linked file: " + written);
        assertEquals(RequestOutcome.REJECTED, outcome.status());
        assertTrue(Files.exists(secret) && Files.readString(secret).startsWith("TOPSECRET"), "the secret is untouched");
    }

    @Test
    void aHardLinkToAFileElsewhereIsNotReadEither() throws Exception {
        Path elsewhere = Files.writeString(temp.resolve("elsewhere.json"), BACKUP); // same file system as the inbox
        Files.createLink(inbox.resolve("hard.json"), elsewhere);

        RequestOutcome valid = dropValid("after-hard-link.json");
        RequestOutcome hard = setAside("hard.json");

        assertEquals(RequestOutcome.OK, valid.status(), valid.toString());
        assertEquals(RequestOutcome.REJECTED, hard.status(), hard.toString());
        assertTrue(hard.errors().get(0).contains("hard link"), hard.errors().toString());
        assertEquals(1, aws.points().size(), "only the real request ran");
    }

    @Test
    void aFifoIsSetAsideUnopenedAndTheInboxKeepsServing() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", inbox.resolve("pipe.json").toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");

        RequestOutcome valid = dropValid("after-fifo.json");
        RequestOutcome fifo = setAside("pipe.json");

        assertEquals(RequestOutcome.OK, valid.status(), valid.toString());
        assertEquals(RequestOutcome.REJECTED, fifo.status(), fifo.toString());
        assertTrue(fifo.errors().get(0).contains("FIFO"), fifo.errors().toString());
        Path moved = inbox.resolve(".failed/pipe.json");
        assertTrue(Files.exists(moved, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(moved, LinkOption.NOFOLLOW_LINKS),
                "the FIFO itself was moved");

        long stopping = System.nanoTime();
        aws.runtime.close();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping);
        // Before the fix a consumer blocked in open() made this take 48 s (Camel's 45 s shutdown timeout and more);
        // 20 s leaves ample headroom on a loaded machine.
        assertTrue(seconds < 20, "stopping took " + seconds + " s");
    }

    @Test
    void aNewFileUnderANameAlreadyUsedKeepsBothOutcomes() throws Exception {
        NotifyBuilder first = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
        Files.writeString(inbox.resolve(".again.tmp"), "{\"action\":\"verify\"}");
        Files.move(inbox.resolve(".again.tmp"), inbox.resolve("again.json"));
        assertTrue(first.matches(60, TimeUnit.SECONDS));
        TriggerFixture.await(() -> Files.exists(inbox.resolve(".failed/again.json")), "first moved to .failed");
        byte[] firstOutcome = Files.readAllBytes(inbox.resolve(".failed/again.json.result.json"));

        NotifyBuilder second = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
        Files.writeString(inbox.resolve(".again.tmp"), "{\"action\":\"drop-table\"}");
        Files.move(inbox.resolve(".again.tmp"), inbox.resolve("again.json"));
        assertTrue(second.matches(60, TimeUnit.SECONDS));
        TriggerFixture.await(() -> !Files.exists(inbox.resolve("again.json")), "second moved out of the inbox");

        assertEquals(new String(firstOutcome, StandardCharsets.UTF_8),
                Files.readString(inbox.resolve(".failed/again.json.result.json")), "the first outcome is never overwritten");
        assertEquals("{\"action\":\"verify\"}", Files.readString(inbox.resolve(".failed/again.json")), "nor the first request");
        String sha = RequestHandler.sha256("{\"action\":\"drop-table\"}".getBytes(StandardCharsets.UTF_8));
        String second12 = "again.json." + sha.substring(0, 12);
        RequestOutcome other = TriggerFixture.outcome(Files.readAllBytes(inbox.resolve(".failed/" + second12 + ".result.json")));
        assertEquals(sha, other.sha256());
        assertTrue(other.errors().get(0).contains("unknown action 'drop-table'"), other.errors().toString());
        assertEquals("{\"action\":\"drop-table\"}", Files.readString(inbox.resolve(".failed/" + second12)));
    }

    @Test
    void aSecondDaemonOnTheSameInboxIsRefusedNamingTheFirst() throws Exception {
        TriggerFixture second = new TriggerFixture("strata.inbox", inbox.toString(),
                "strata.requests.state-dir", temp.resolve("state2").toString());
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class, second::start);
            assertTrue(refused.getMessage().contains(inbox.toAbsolutePath().normalize() + " is already served by"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
        } finally {
            second.close();
        }
        assertEquals(RequestOutcome.OK, dropValid("still-served.json").status(), "the first daemon still serves");
    }
}
