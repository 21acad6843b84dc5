package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One vault bucket shared by two regions: a table of the same name in each (a multi-region
 * application, one Strata daemon per region, or a region moved), both backed up by a plan of the
 * same name. Each table is its own resource: the retention of one never expires the other's.
 */
class RegionsArchiveIT {

    @Test
    void theSameTableNameInTwoRegionsKeepsItsOwnNewestAndItsOwnDailies() throws Exception {
        String table = TestAws.unique("orders");
        SettableClock clock = new SettableClock(Instant.EPOCH);
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"), "strata.dynamodb.segments", "1",
                "strata.plan.nightly.cron", "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:" + table,
                "strata.plan.nightly.retention", "daily=2");
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault vault = TestAws.vault(clients, settings);
            ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
            Tables.create(clients.dynamoDb(), table);
            Tables.putIncompressible(clients.dynamoDb(), table, 10, 1);
            Map<String, RecoveryPoint> home = new TreeMap<>();
            Map<String, RecoveryPoint> other = new TreeMap<>();
            for (String day : List.of("2026-03-01", "2026-03-02", "2026-03-03")) {
                clock.set(Instant.parse(day + "T02:00:00Z"));
                home.put(day, services.get("dynamodb").backup(table, "nightly"));
                // The eu-west-1 daemon's backup of its own table of that name, an hour later.
                other.put(day, inRegion(vault, home.get(day), "eu-west-1", Instant.parse(day + "T03:00:00Z")));
            }
            clock.set(Instant.parse("2026-03-03T12:00:00Z"));
            PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);

            ArchiveReport report = new Archivist(plans, ArchivePolicies.from(settings.properties(), plans), services,
                    vault, clock, new StopSignal()).run(new Archivist.ArchiveOrder("nightly", null, false)).get(0);

            assertTrue(report.ok(), report.problems().toString());
            List<String> kept = vault.list(p -> true).points().stream()
                    .map(p -> p.region() + " " + p.startedAt().toString().substring(0, 10)).sorted()
                    .collect(Collectors.toList());
            assertEquals(List.of("eu-west-1 2026-03-02", "eu-west-1 2026-03-03", "us-east-1 2026-03-02",
                    "us-east-1 2026-03-03"), kept, "daily=2 keeps two days of each region's table");
        }
    }

    /** A copy of {@code point} as the backup of the table of the same name in {@code region}, at {@code time}. */
    private static RecoveryPoint inRegion(Vault vault, RecoveryPoint point, String region, Instant time) {
        RecoveryPointKey from = RecoveryPointKey.parse(point.key());
        RecoveryPointKey to = RecoveryPointKey.create(from.vaultPrefix(), from.service(), region, from.resource(), time);
        List<DataFile> files = point.files().stream().map(f -> {
            String key = to.prefix() + f.key().substring(from.prefix().length());
            vault.s3().copyObject(r -> r.sourceBucket(vault.bucket()).sourceKey(f.key()).destinationBucket(vault.bucket())
                    .destinationKey(key));
            return new DataFile(key, f.itemCount(), f.bytes(), f.etag(), f.md5Base64(), f.sha256Hex());
        }).toList();
        RecoveryPoint copy = new RecoveryPoint(point.strataVersion(), to.prefix(), point.resource(), point.service(),
                region, point.plan(), point.mode(), time, time.plusSeconds(60), point.itemCount(), point.bytes(),
                point.exportPrefix() == null ? null : to.prefix() + point.exportPrefix().substring(from.prefix().length()),
                files, point.schema(), point.details());
        vault.commit(copy);
        return copy;
    }
}
