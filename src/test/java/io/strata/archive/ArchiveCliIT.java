package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.exit.ExitCode;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.StrataCli;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code strata archive} and {@code strata list} as a user runs them: output and exit codes. The dry
 * run comes first: the real pass after it changes the vault.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveCliIT {

    private static String bucket;
    private static String table;
    private static AwsClients clients;
    private static final Map<String, RecoveryPoint> POINTS = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        bucket = TestAws.unique("archive-cli");
        table = TestAws.unique("orders");
        StrataSettings settings = TestAws.settings(bucket, "strata.dynamodb.segments", "1");
        clients = TestAws.clients(settings);
        Vault vault = TestAws.vault(clients, settings);
        SettableClock clock = new SettableClock(Instant.EPOCH);
        ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
        Tables.create(clients.dynamoDb(), table);
        Tables.putIncompressible(clients.dynamoDb(), table, 60, 5);
        for (String day : List.of("2026-01-10", "2026-01-31", "2026-02-08", "2026-02-09", "2026-02-10")) {
            clock.set(Instant.parse(day + "T02:00:00Z"));
            POINTS.put(day, services.get("dynamodb").backup(table, "nightly"));
        }
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    @Test
    @Order(1)
    void aDryRunSaysWhatItWouldDoAndWhyWithTheCostsAndChangesNothing() {
        StrataCli.Result result = strata("archive", "--dry-run", "--as-of", "2026-02-10T12:00:00Z");

        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("(dry run: nothing changed)"), result.out());
        assertTrue(line(result, "20260110T").startsWith("  EXPIRE") && line(result, "20260110T")
                .contains("no retention rule keeps it; deleted; saves $"), result.out());
        assertTrue(line(result, "20260131T").contains("TIER") && line(result, "20260131T")
                .contains("kept by monthly, 10 days old: 1 object(s) to GLACIER_IR; STANDARD -> GLACIER_IR"), result.out());
        assertTrue(line(result, "20260209T").contains("KEEP") && line(result, "20260209T").contains("kept by daily"));
        assertTrue(result.out().contains("5 recovery point(s): 4 kept, 1 to a colder class, 1 expired"), result.out());
        assertTrue(result.out().matches("(?s).*GLACIER_IR\\s+0 B -> \\d+\\.\\d KiB.*"), result.out());
        assertTrue(result.out().contains("monthly cost $"), result.out());
        assertEquals(5, strata("list").out().lines().filter(l -> l.contains(table)).count());
    }

    @Test
    @Order(2)
    void listShowsWhereEachRecoveryPointIsStoredAndItsGfsClass() {
        StrataCli.Result archived = strata("archive", "--plan", "nightly", "--as-of", "2026-02-10T12:00:00Z");
        assertEquals(0, archived.code(), archived.out() + archived.err());

        StrataCli.Result list = strata("list", "dynamodb:" + table);

        assertEquals(0, list.code(), list.err());
        assertEquals(List.of("GLACIER_IR", "monthly"), lastColumns(line(list, "20260131T")), list.out());
        assertEquals(List.of("STANDARD", "daily"), lastColumns(line(list, "20260209T")), list.out());
        assertEquals(List.of("STANDARD", "monthly"), lastColumns(line(list, "20260210T")), list.out());
        assertTrue(list.out().lines().noneMatch(l -> l.contains("20260110T")), list.out());
    }

    @Test
    void badArchiveArgumentsAndSettingsAreNamed() {
        StrataCli.Result asOf = strata("archive", "--as-of", "yesterday");
        assertEquals(ExitCode.USAGE.code(), asOf.code());
        assertTrue(asOf.err().contains("--as-of must be an ISO-8601 instant such as 2027-03-01T00:00:00Z, not 'yesterday'"),
                asOf.err());

        StrataCli.Result future = strata("archive", "--as-of", "2099-01-01T00:00:00Z");
        assertEquals(ExitCode.USAGE.code(), future.code());
        assertTrue(future.err().contains("is in the future: a pass then would expire recovery points early; add --dry-run"),
                future.err());

        StrataCli.Result plan = strata("archive", "--plan", "nighlty");
        assertEquals(ExitCode.USAGE.code(), plan.code(), plan.err()); // a bad setting is bad usage
        assertTrue(plan.err().contains("No plan named 'nighlty' (known: nightly)"), plan.err());

        StrataCli.Result typo = strata("-Dstrata.plan.nightly.retension=daily=7", "list");
        assertEquals(ExitCode.USAGE.code(), typo.code(), typo.err()); // a bad setting is bad usage
        assertTrue(typo.err().contains("Unknown plan attribute in 'strata.plan.nightly.retension'"), typo.err());

        StrataCli.Result cron = strata("-Dstrata.archive.cron=0 0 25 * * ?", "list");
        assertEquals(ExitCode.USAGE.code(), cron.code(), cron.err()); // a bad setting is bad usage
        assertTrue(cron.err().contains("Invalid cron in strata.archive.cron = '0 0 25 * * ?'"), cron.err());

        StrataCli.Result fee = strata("-Dstrata.plan.nightly.retention=max-age=60d", "archive", "--dry-run");
        assertEquals(ExitCode.USAGE.code(), fee.code(), fee.err()); // a bad setting is bad usage
        assertTrue(fee.err().contains("early-deletion fee"), fee.err());
    }

    /** The storage class and GFS class: list's last two columns, which aligned columns pad to the widest value. */
    private static List<String> lastColumns(String line) {
        String[] columns = line.trim().split("\\s{2,}");
        return List.of(columns[columns.length - 2], columns[columns.length - 1]);
    }

    private static String line(StrataCli.Result result, String stamp) {
        return result.out().lines().filter(l -> l.contains(stamp)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + stamp + " in:\n" + result.out()));
    }


    private static synchronized StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of(
                "-Dstrata.plan.nightly.cron=0 0 2 * * ?", "-Dstrata.plan.nightly.resources=dynamodb:" + table,
                "-Dstrata.plan.nightly.retention=daily=3,monthly=12",
                "-Dstrata.plan.nightly.tiering=5d:GLACIER_IR,100d:DEEP_ARCHIVE"));
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }
}
