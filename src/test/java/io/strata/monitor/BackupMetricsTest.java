package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The names and labels a Prometheus scrape shows, in the exposition format Prometheus reads. */
class BackupMetricsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");

    private final PrometheusMeterRegistry registry = BackupMetrics.prometheus();
    private final LongAdder notificationFailures = new LongAdder();
    private final BackupMetrics metrics = new BackupMetrics(registry, notificationFailures);

    @Test
    void aRunCountsAttemptsSuccessesAndFailuresAndKeepsTheLastSuccess() {
        metrics.record(run("r1", "nightly", T0, ok("dynamodb:orders", 1200, 48113, 2.5), failed("rds:instance/db")));
        metrics.record(run("r2", "nightly", T0.plusSeconds(3600), failed("dynamodb:orders")));
        notificationFailures.increment();

        String scrape = registry.scrape();

        String orders = "{plan=\"nightly\",resource=\"dynamodb:orders\",service=\"dynamodb\"}";
        assertValue(scrape, "strata_backup_attempt_total" + orders, 2);
        assertValue(scrape, "strata_backup_success_total" + orders, 1);
        assertValue(scrape, "strata_backup_failure_total" + orders, 1);
        assertValue(scrape, "strata_backup_last_success_timestamp_seconds" + orders, T0.plusSeconds(60).getEpochSecond());
        assertValue(scrape, "strata_backup_duration_seconds" + orders, 2.5);
        assertValue(scrape, "strata_backup_items" + orders, 1200);
        assertValue(scrape, "strata_backup_bytes" + orders, 48113);
        assertValue(scrape, "strata_vault_bytes{storage_class=\"STANDARD\"}", 48113);
        assertValue(scrape, "strata_notification_failure_total", 1);
        String db = "{plan=\"nightly\",resource=\"rds:instance/db\",service=\"rds\"}";
        assertValue(scrape, "strata_backup_failure_total" + db, 1);
        assertFalse(scrape.contains("strata_backup_last_success_timestamp_seconds" + db),
                "never backed up: no timestamp (1970 would read as a very old success)\n" + scrape);
    }

    @Test
    void statusRestoreTestsAndRunsWithoutAPlanAreLabelled() {
        metrics.record(run("r1", null, T0, ok("dynamodb:orders", 1, 10, 1)));
        metrics.status("nightly", "dynamodb:orders", 1);
        metrics.restoreTestPassed("nightly", "dynamodb:orders", T0);
        metrics.committed("nightly", "dynamodb:orders", T0.minusSeconds(60), 1, 1, 1);
        metrics.vaultBytes(Map.of("GLACIER_IR", 5L, "STANDARD", 7L));

        String scrape = registry.scrape();

        assertValue(scrape, "strata_backup_success_total{plan=\"\",resource=\"dynamodb:orders\",service=\"dynamodb\"}", 1);
        String nightly = "{plan=\"nightly\",resource=\"dynamodb:orders\",service=\"dynamodb\"}";
        assertValue(scrape, "strata_resource_status" + nightly, 1);
        assertValue(scrape, "strata_restore_test_last_success_timestamp_seconds" + nightly, T0.getEpochSecond());
        assertValue(scrape, "strata_backup_last_success_timestamp_seconds" + nightly, T0.minusSeconds(60).getEpochSecond());
        assertValue(scrape, "strata_vault_bytes{storage_class=\"GLACIER_IR\"}", 5);
        assertValue(scrape, "strata_vault_bytes{storage_class=\"STANDARD\"}", 7);
    }

    static void assertValue(String scrape, String series, double expected) {
        String line = scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + scrape));
        assertEquals(expected, Double.parseDouble(line.substring(series.length() + 1).trim()), 0.001, line);
    }

    static RunReport run(String id, String plan, Instant started, ResourceOutcome... outcomes) {
        return new RunReport(id, "schedule", plan, started, started.plusSeconds(60), List.of(outcomes));
    }

    static ResourceOutcome ok(String resource, long items, long bytes, double seconds) {
        return new ResourceOutcome(resource, true, "strata/x/", items, bytes, seconds, null);
    }

    static ResourceOutcome failed(String resource) {
        return ResourceOutcome.failed(resource, "AccessDenied");
    }

    @Test
    void anOlderSuccessNeverHidesANewerOne() {
        metrics.committed("p", "dynamodb:a", T0, 1, 1, 1);
        metrics.committed("p", "dynamodb:a", T0.minusSeconds(10), 9, 9, 9);
        assertTrue(registry.scrape().contains("strata_backup_items{plan=\"p\",resource=\"dynamodb:a\",service=\"dynamodb\"} 1"),
                registry.scrape());
    }

    @Test
    void aResourceStateSetsItsStatusAndItsLastPassedRestoreTest() {
        Verification test = Verification.passed(Verification.RESTORE_TEST, "strata/dynamodb/us-east-1/orders/x/", T0,
                T0.plusSeconds(30), null);
        metrics.state(new ResourceState("nightly", "dynamodb:orders", T0, Duration.ofHours(26), null, null, null, test,
                ResourceStatus.MISSING, "never backed up", false));

        String scrape = registry.scrape();
        String nightly = "{plan=\"nightly\",resource=\"dynamodb:orders\",service=\"dynamodb\"}";
        assertValue(scrape, "strata_resource_status" + nightly, 3);
        assertValue(scrape, "strata_restore_test_last_success_timestamp_seconds" + nightly, T0.plusSeconds(30).getEpochSecond());
    }
}
