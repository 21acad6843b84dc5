package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.support.TestAws;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code strata history} over run reports in S3Mock, written where and as RunService writes them, among planted objects. */
class RunHistoryIT {

    private AwsClients clients;
    private Vault vault;

    @BeforeEach
    void start() {
        StrataSettings settings = TestAws.settings(TestAws.unique("history"));
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        report("20261201T020000Z-aaaaaaa1", "schedule", "nightly", "2026-12-01T02:00:00Z", true);
        report("20261202T020000Z-aaaaaaa2", "schedule", "nightly", "2026-12-02T02:00:00Z", false);
        report("20261202T030000Z-aaaaaaa3", "schedule", "weekly", "2026-12-02T03:00:00Z", true);
        report("20261203T020000Z-aaaaaaa4", "cli", null, "2026-12-03T02:00:00Z", false);
        // Not run reports: a forget record, a note, a planted giant; and one at a report's key that is not one.
        put("strata/runs/20261203T050000Z-forget-0123abcd.json", "{\"action\":\"forget\"}");
        put("strata/runs/notes.txt", "hello");
        put("strata/runs/20261204T000000Z-bbbbbbb1.json", "x".repeat((int) RunHistory.MAX_BYTES + 1));
    }

    @AfterEach
    void stop() {
        clients.close();
    }

    @Test
    void filtersByPlanFailureAndCountNewestFirstAndNamesWhatItCannotRead() {
        RunHistory history = new RunHistory(vault);

        RunHistory.History all = history.read(new RunHistory.Query(null, 10, false));
        assertEquals(List.of("aaaaaaa4", "aaaaaaa3", "aaaaaaa2", "aaaaaaa1"), ids(all));
        assertEquals(1, all.unreadable().size(), all.unreadable().toString());
        assertTrue(all.unreadable().get(0).contains("20261204T000000Z-bbbbbbb1.json") && all.unreadable().get(0)
                .contains("refused unread"), all.unreadable().toString());
        assertFalse(all.truncated());

        assertEquals(List.of("aaaaaaa2", "aaaaaaa1"), ids(history.read(new RunHistory.Query("nightly", 10, false))));
        assertEquals(List.of("aaaaaaa4", "aaaaaaa2"), ids(history.read(new RunHistory.Query(null, 10, true))));
        assertEquals(List.of("aaaaaaa2"), ids(history.read(new RunHistory.Query("nightly", 5, true))));
        assertEquals(List.of("aaaaaaa4", "aaaaaaa3"), ids(history.read(new RunHistory.Query(null, 2, false))));
        RunReport failed = history.read(new RunHistory.Query("nightly", 1, true)).runs().get(0);
        assertEquals(1, RunHistory.History.ok(failed));
        assertEquals(1, RunHistory.History.failed(failed));
    }

    private static List<String> ids(RunHistory.History history) {
        return history.runs().stream().map(RunReport::runId).toList();
    }

    private void report(String name, String trigger, String plan, String started, boolean ok) {
        Instant start = Instant.parse(started);
        List<ResourceOutcome> outcomes = ok ? List.of(outcome("dynamodb:orders", true))
                : List.of(outcome("dynamodb:orders", true), outcome("dynamodb:customers", false));
        vault.putJson(vault.prefix() + "strata/runs/" + name + ".json", new RunReport(name.substring(17), trigger, plan,
                start, start.plusSeconds(42), outcomes));
    }

    private static ResourceOutcome outcome(String resource, boolean ok) {
        return new ResourceOutcome(resource, ok, ok ? "strata/dynamodb/us-east-1/orders/20261201T020000Z-12345678/" : null,
                ok ? 10 : 0, ok ? 100 : 0, 1.5, ok ? null : "throttled", ok ? "10 items" : null);
    }

    private void put(String key, String body) {
        clients.s3().putObject(r -> r.bucket(vault.bucket()).key(key), RequestBody.fromString(body));
    }
}
