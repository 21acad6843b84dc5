package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request files naming things with a right-to-left override (U+202E) or a newline, dropped into the
 * inbox: the outcome files and the log hold the escaped form ({@code \u202E}, {@code \n}), never the raw
 * character that would reorder what a reader sees or forge a log line; a restore target AWS would refuse
 * is rejected naming the field and the rule.
 */
class HostileNamesInOutcomesIT {

    private static final String SPOOF = "orders\u202Egpj.exe\nINFO forged: restore OK";

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

    @Test
    void outcomesAndTheLogEscapeControlAndBidiCharacters() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("target.json", "{\"action\":\"restore\",\"recoveryPoint\":\"strata/dynamodb/us-east-1/" + aws.table
                + "/20261122T020000Z-0123abcd/\",\"target\":\"../../etc/passwd\"}");
        files.put("spoof-target.json", "{\"action\":\"restore\",\"recoveryPoint\":\"strata/dynamodb/us-east-1/" + aws.table
                + "/20261122T020000Z-0123abcd/\",\"target\":\"" + json(SPOOF) + "\"}");
        files.put("spoof-selector.json", "{\"action\":\"backup\",\"resources\":[\"dynamodb:" + json(SPOOF) + "\"]}");
        files.put("spoof-point.json", "{\"action\":\"verify\",\"recoveryPoint\":\"strata/dynamodb/us-east-1/"
                + json(SPOOF) + "/20261122T020000Z-0123abcd/\"}");

        String log = dropCapturingTheLog(files);

        RequestOutcome target = outcome("target.json");
        assertEquals(RequestOutcome.REJECTED, target.status());
        assertEquals("\"target\" '../../etc/passwd' is not a valid DynamoDB table name: 3-255 characters of "
                + "a-z A-Z 0-9 _ . -", target.errors().get(0));
        for (String name : files.keySet()) {
            String written = Files.readString(resultOf(name), StandardCharsets.UTF_8);
            assertFalse(written.contains("\u202E"), name + " holds the raw U+202E: " + written);
            assertFalse(written.contains("\nINFO forged"), name + " holds a raw newline: " + written);
        }
        String escaped = "orders\\u202Egpj.exe\\nINFO forged: restore OK";
        assertTrue(outcome("spoof-target.json").errors().get(0).contains("\"target\" '" + escaped + "'"),
                outcome("spoof-target.json").errors().toString());
        assertTrue(outcome("spoof-selector.json").errors().get(0).contains(escaped),
                outcome("spoof-selector.json").errors().toString());
        RequestOutcome point = outcome("spoof-point.json");
        assertTrue(String.join(" ", point.errors()).contains(escaped), point.errors().toString());

        assertTrue(log.contains(escaped), "the log names the request's text escaped: " + log);
        assertFalse(log.contains("\u202E"), "the log holds the raw U+202E");
        assertFalse(log.contains("\nINFO forged"), "a name forged a log line");
    }

    /** Drops the files and waits until each is moved; returns what was logged meanwhile. */
    private String dropCapturingTheLog(Map<String, String> files) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox")
                    .whenDone(files.size()).create();
            Files.createDirectories(inbox);
            for (var file : files.entrySet()) {
                Path temporary = inbox.resolve("." + file.getKey() + ".tmp");
                Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
                Files.move(temporary, inbox.resolve(file.getKey()));
            }
            assertTrue(done.matches(60, TimeUnit.SECONDS), "inbox requests not done in 60 s: " + files.keySet());
            for (String name : files.keySet()) {
                TriggerFixture.await(() -> Files.exists(resultOf(name)), name + " has its outcome");
            }
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        err.print(log);
        return log;
    }

    private Path resultOf(String name) {
        Path failed = inbox.resolve(".failed").resolve(name + ".result.json");
        return Files.exists(failed) ? failed : inbox.resolve(".done").resolve(name + ".result.json");
    }

    private RequestOutcome outcome(String name) throws Exception {
        return TriggerFixture.outcome(Files.readAllBytes(resultOf(name)));
    }

    /** The text as a JSON string body: the request file carries the raw characters, as an attacker writes them. */
    private static String json(String text) {
        return text.replace("\n", "\\n");
    }
}
