package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.hold.Holds;
import io.strata.support.Tables;
import io.strata.vault.RecoveryPointKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Request files dropped into strata.inbox, end to end through the routes against DynamoDB Local and S3Mock. */
class InboxRequestsIT {

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

    /** Drops the files and waits until the inbox route has completed that many exchanges and moved them. */
    private void drop(Map<String, byte[]> files) throws Exception {
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(files.size()).create();
        Files.createDirectories(inbox);
        for (var file : files.entrySet()) {
            Path temporary = inbox.resolve("." + file.getKey() + ".tmp"); // hidden while written, as the README says
            Files.write(temporary, file.getValue());
            Files.move(temporary, inbox.resolve(file.getKey()));
        }
        assertTrue(done.matches(60, TimeUnit.SECONDS), "inbox requests not done in 60 s: " + files.keySet());
        for (String name : files.keySet()) {
            TriggerFixture.await(() -> !Files.exists(inbox.resolve(name)), name + " moved out of the inbox");
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private RequestOutcome outcome(String folder, String name) throws Exception {
        Path result = inbox.resolve(folder).resolve(name + ".result.json");
        assertTrue(Files.exists(inbox.resolve(folder).resolve(name)), name + " moved to " + folder);
        return TriggerFixture.outcome(Files.readAllBytes(result));
    }

    @Test
    void aBackupByPlanAndOneBySelectorEachMakeARecoveryPoint() throws Exception {
        drop(Map.of("plan.json", utf8("{\"action\":\"backup\",\"plan\":\"orders\"}"),
                "adhoc.json", utf8("{\"action\":\"backup\",\"resources\":[\"dynamodb:" + aws.table + "\"]}")));

        RequestOutcome plan = outcome(".done", "plan.json");
        RequestOutcome adhoc = outcome(".done", "adhoc.json");
        assertEquals(RequestOutcome.OK, plan.status(), plan.toString());
        assertEquals(RequestOutcome.OK, adhoc.status(), adhoc.toString());
        assertEquals(2, aws.points().size());
        assertTrue(aws.points().stream().anyMatch(p -> p.key().toString().equals(plan.recoveryPoints().get(0))), plan.toString());
        assertTrue(aws.points().stream().anyMatch(p -> "orders".equals(p.plan())), "the plan's name is recorded");
        assertTrue(plan.seconds() >= 0 && plan.finishedAt() != null && plan.runId() != null, plan.toString());
    }

    @Test
    void aVerifyAndARestoreRequestGoThroughTheirRoutes() throws Exception {
        drop(Map.of("backup.json", utf8("{\"action\":\"backup\",\"plan\":\"orders\"}")));
        String point = outcome(".done", "backup.json").recoveryPoints().get(0);
        String target = aws.table + "-restored";

        drop(Map.of("verify.json", utf8("{\"action\":\"verify\",\"recoveryPoint\":\"" + point + "\"}"),
                "restore.json", utf8("{\"action\":\"restore\",\"recoveryPoint\":\"" + point + "\",\"target\":\"" + target
                        + "\",\"overwrite\":false}")));

        RequestOutcome verify = outcome(".done", "verify.json");
        assertEquals(RequestOutcome.OK, verify.status(), verify.toString());
        assertEquals(java.util.List.of(point), verify.recoveryPoints());
        RequestOutcome restore = outcome(".done", "restore.json");
        assertEquals(RequestOutcome.OK, restore.status(), restore.toString());
        assertTrue(restore.restored().contains(target), restore.restored());
        assertEquals(2, Tables.scanAll(aws.clients.dynamoDb(), target).size());

        drop(Map.of("again.json", utf8("{\"action\":\"restore\",\"recoveryPoint\":\"" + point + "\",\"target\":\""
                + target + "\"}")));

        // Refused for lack of overwrite: told in the request file's own terms, not the command line's.
        RequestOutcome again = outcome(".done", "again.json");
        assertEquals(RequestOutcome.FAILED, again.status(), again.toString());
        String error = String.join("; ", again.errors());
        assertTrue(error.contains("already exists and holds items") && error.contains("\"overwrite\": true"), error);
        assertFalse(error.contains("--overwrite"), error);
    }

    @Test
    void aHoldAndAReleaseRequestGoThroughTheirRoutes() throws Exception {
        drop(Map.of("backup.json", utf8("{\"action\":\"backup\",\"plan\":\"orders\"}")));
        String point = outcome(".done", "backup.json").recoveryPoints().get(0);

        drop(Map.of("hold.json", utf8("{\"action\":\"hold\",\"recoveryPoint\":\"" + point
                + "\",\"reason\":\"case 9\"}")));

        RequestOutcome hold = outcome(".done", "hold.json");
        assertEquals(RequestOutcome.OK, hold.status(), hold.toString());
        Holds.Reading holds = new Holds(aws.vault, Clock.systemUTC()).of(RecoveryPointKey.parse(point));
        assertEquals(1, holds.holds().size(), holds.toString());
        assertEquals("request hold.json", holds.holds().get(0).origin());
        assertEquals("case 9", holds.holds().get(0).reason());

        drop(Map.of("release.json", utf8("{\"action\":\"release\",\"recoveryPoint\":\"" + point + "\"}")));

        assertEquals(RequestOutcome.OK, outcome(".done", "release.json").status());
        assertFalse(new Holds(aws.vault, Clock.systemUTC()).of(RecoveryPointKey.parse(point)).held());
    }

    @Test
    void aValidRequestWhoseWorkFailsIsProcessedWithItsError() throws Exception {
        drop(Map.of("missing.json", utf8("{\"action\":\"verify\",\"recoveryPoint\":\"strata/dynamodb/us-east-1/none/20200101T000000Z-00000000/\"}")));

        RequestOutcome outcome = outcome(".done", "missing.json");
        assertEquals(RequestOutcome.FAILED, outcome.status());
        assertFalse(outcome.errors().isEmpty());
    }

    @Test
    void everyMalformedKindGoesToFailedWithItsReason() throws Exception {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("json.json", utf8("{\"action\":\"backup\","));
        bad.put("action.json", utf8("{\"action\":\"drop-table\"}"));
        bad.put("field.json", utf8("{\"action\":\"verify\",\"recoveryPoint\":\"p\",\"force\":true}"));
        bad.put("plan.json", utf8("{\"action\":\"backup\",\"plan\":\"weekly\"}"));
        bad.put("nothing.json", utf8("{\"action\":\"backup\",\"resources\":[\"dynamodb:" + aws.table + "-nothing*\"]}"));
        bad.put("none.json", utf8("{\"action\":\"backup\",\"resources\":[\"dynamodb:zzz-none-" + aws.table + "\"]}"));
        bad.put("big.json", utf8("{\"action\":\"verify\",\"recoveryPoint\":\"" + "x".repeat(70_000) + "\"}"));
        bad.put("latin1.json", "{\"action\":\"verify\",\"recoveryPoint\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        bad.put("empty.json", new byte[0]);
        drop(bad);

        Map<String, String> reasons = Map.of("json.json", "not JSON", "action.json", "unknown action 'drop-table'",
                "field.json", "unknown field(s) [force]", "plan.json", "unknown plan 'weekly'",
                "nothing.json", "matched no table", "big.json", "larger than 64 KB", "latin1.json", "not UTF-8",
                "empty.json", "not a JSON object", "none.json", "table zzz-none-" + aws.table + " not found");
        // The action asked, even when refused; none only where the file names none that could be read.
        Map<String, String> actions = new HashMap<>(Map.of("action.json", "drop-table", "field.json", "verify",
                "plan.json", "backup", "nothing.json", "backup", "big.json", "?", "none.json", "backup"));
        actions.put("json.json", "?");
        actions.put("latin1.json", "?");
        actions.put("empty.json", "?");
        for (var expected : reasons.entrySet()) {
            RequestOutcome outcome = outcome(".failed", expected.getKey());
            assertEquals(RequestOutcome.REJECTED, outcome.status(), outcome.toString());
            assertTrue(outcome.errors().get(0).contains(expected.getValue()), expected.getKey() + ": " + outcome.errors());
            assertEquals(actions.get(expected.getKey()), outcome.action() == null ? "?" : outcome.action(), expected.getKey());
        }
        assertTrue(aws.points().isEmpty(), "nothing ran");
    }

    @Test
    void theSameFileDroppedTwiceRunsOnce() throws Exception {
        byte[] request = utf8("{\"action\":\"backup\",\"plan\":\"orders\"}");
        drop(Map.of("twice.json", request));
        RequestOutcome first = outcome(".done", "twice.json");

        drop(Map.of("twice.json", request));

        assertEquals(1, aws.points().size(), "the second delivery ran nothing");
        assertEquals(first, outcome(".done", "twice.json"), "the first outcome stands");
    }

    @Test
    void aRequestFoundAgainAfterACrashBetweenOutcomeAndMoveIsNotRunAgain() throws Exception {
        byte[] request = utf8("{\"action\":\"backup\",\"plan\":\"orders\"}");
        drop(Map.of("crash.json", request));
        aws.close();
        // As if killed after the outcome was written but before the file moved, with the repository lost too.
        Files.delete(inbox.resolve(".done/crash.json"));
        Files.write(inbox.resolve("crash.json"), request);
        aws = new TriggerFixture("strata.inbox", inbox.toString(), "strata.requests.state-dir", temp.resolve("state2").toString());
        String table = aws.table;
        aws.start();
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();

        assertTrue(done.matches(60, TimeUnit.SECONDS));
        TriggerFixture.await(() -> Files.exists(inbox.resolve(".done/crash.json")), "moved to .done");
        assertEquals(RequestOutcome.OK, outcome(".done", "crash.json").status());
        assertTrue(aws.vault.list(p -> true).points().isEmpty(), "not run again (new vault: nothing in it) " + table);
    }

    @Test
    void aRequestWhoseWorkIsStoppedBySigtermStaysInTheInboxAndCompletesOnceAfterTheRestart() throws Exception {
        aws.close();
        aws = new TriggerFixture("strata.inbox", inbox.toString(), "strata.requests.state-dir", temp.resolve("state").toString(),
                "strata.dynamodb.segments", "1", "strata.dynamodb.scan-page-size", "1"); // two pages: a stop check between
        io.strata.service.StopSignal sigterm = new io.strata.service.StopSignal();
        CountDownLatch scanning = new CountDownLatch(1);
        ExecutionInterceptor slowScan = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request().getClass().getSimpleName().equals("ScanRequest")) {
                    scanning.countDown();
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        aws.start(sigterm, slowScan);
        NotifyBuilder attempted = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
        Files.createDirectories(inbox);
        Files.write(inbox.resolve(".stopped.tmp"), utf8("{\"action\":\"backup\",\"plan\":\"orders\"}"));
        Files.move(inbox.resolve(".stopped.tmp"), inbox.resolve("stopped.json"));
        assertTrue(scanning.await(60, TimeUnit.SECONDS), "the backup started");

        sigterm.request();
        assertTrue(attempted.matches(60, TimeUnit.SECONDS));
        aws.runtime.close();

        assertTrue(Files.exists(inbox.resolve("stopped.json")), "a stopped request stays where it was");
        assertFalse(Files.exists(inbox.resolve(".done/stopped.json.result.json")), "and has no outcome yet");
        assertTrue(aws.points().isEmpty(), "the stopped export committed nothing");

        aws.start();
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
        assertTrue(done.matches(60, TimeUnit.SECONDS));
        TriggerFixture.await(() -> Files.exists(inbox.resolve(".done/stopped.json")), "moved to .done after the restart");
        assertEquals(RequestOutcome.OK, outcome(".done", "stopped.json").status());
        assertEquals(1, aws.points().size(), "completed once");
    }

    @Test
    void aRequestRunningWhenStrataStopsCompletesOnceAndDoesNotRunAgainAfterRestart() throws Exception {
        aws.runtime.close();
        CountDownLatch scanning = new CountDownLatch(1);
        ExecutionInterceptor slowScan = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request().getClass().getSimpleName().equals("ScanRequest")) {
                    scanning.countDown();
                    try {
                        Thread.sleep(1_500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        aws.start(slowScan);
        Files.createDirectories(inbox);
        Files.write(inbox.resolve(".slow.tmp"), utf8("{\"action\":\"backup\",\"plan\":\"orders\"}"));
        Files.move(inbox.resolve(".slow.tmp"), inbox.resolve("slow.json"));
        assertTrue(scanning.await(60, TimeUnit.SECONDS), "the backup started");

        aws.runtime.close(); // while the request runs: Camel lets it finish, outcome written and file moved
        assertTrue(Files.exists(inbox.resolve(".done/slow.json")), "moved before the stop returned");
        assertEquals(RequestOutcome.OK, outcome(".done", "slow.json").status());

        aws.start();
        Files.write(inbox.resolve(".slow.tmp"), utf8("{\"action\":\"backup\",\"plan\":\"orders\"}"));
        Files.move(inbox.resolve(".slow.tmp"), inbox.resolve("slow.json")); // delivered again after the restart
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-inbox").whenDone(1).create();
        assertTrue(done.matches(60, TimeUnit.SECONDS));
        assertEquals(1, aws.points().size(), "the request ran once");
    }
}
