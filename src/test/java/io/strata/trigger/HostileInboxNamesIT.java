package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox keeps a request and its outcome side by side in one folder: NAME and NAME.result.json. A
 * request whose own name is NAME.result.json therefore lands on the outcome of request NAME.
 */
class HostileInboxNamesIT {

    @TempDir
    Path temp;
    private Path inbox;
    private TriggerFixture aws;

    @BeforeEach
    void start() throws Exception {
        inbox = temp.resolve("inbox");
        aws = new TriggerFixture("strata.inbox", inbox.toString(), "strata.requests.state-dir", temp.resolve("state").toString());
        aws.start();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private void drop(String name, String content) throws Exception {
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
        Files.createDirectories(inbox);
        Path temporary = inbox.resolve("." + name + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, inbox.resolve(name));
        assertTrue(done.matches(60, TimeUnit.SECONDS), name + " not done in 60 s");
        TriggerFixture.await(() -> !Files.exists(inbox.resolve(name)), name + " moved out of the inbox");
    }

    @Test
    void aRequestNamedLikeAnotherOnesOutcomeDoesNotDestroyThatOutcome() throws Exception {
        drop("x.json", "{\"action\":\"verify\"}");            // rejected: missing recoveryPoint
        RequestOutcome first = TriggerFixture.outcome(Files.readAllBytes(inbox.resolve(".failed/x.json.result.json")));
        assertEquals("x.json", first.request());

        drop("x.json.result.json", "not json at all");        // rejected too, moved to .failed/x.json.result.json
        byte[] after = Files.readAllBytes(inbox.resolve(".failed/x.json.result.json"));
        assertEquals(new String(Files.readAllBytes(inbox.resolve(".failed/x.json.result.json.request.result.json")),
                        StandardCharsets.UTF_8).contains("x.json.result.json"), true, "second outcome written beside it");
        assertEquals("not json at all", Files.readString(inbox.resolve(".failed/x.json.result.json.request")));
        assertTrue(new String(after, StandardCharsets.UTF_8).contains("\"request\""),
                "the outcome of x.json was overwritten by the request file x.json.result.json: now '"
                        + new String(after, StandardCharsets.UTF_8) + "'");
    }
}
