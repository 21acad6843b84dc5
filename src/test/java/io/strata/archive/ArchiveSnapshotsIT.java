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
import io.strata.support.FakeEc2;
import io.strata.support.FakeRds;
import io.strata.support.SettableClock;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * Snapshot-based recovery points go through their service: RDS and EC2 recovery points expire by
 * deleting their snapshots (and the descriptor first), and an {@code ARCHIVE} step moves EC2
 * snapshots to the EBS archive tier, once (stateful RDS and EC2 fakes, S3Mock vault).
 */
class ArchiveSnapshotsIT {

    private static final String HOME = "us-east-1";

    @Test
    void rdsAndEc2RecoveryPointsExpireThroughTheirServiceAndOldEc2SnapshotsMoveToTheArchiveTier() {
        try (FakeRds rds = new FakeRds(); FakeEc2 ec2 = new FakeEc2()) {
            expireAndTier(rds, ec2);
        }
    }

    private void expireAndTier(FakeRds rds, FakeEc2 ec2) {
        Properties properties = TestAws.properties(TestAws.unique("vault"),
                "strata.rds.poll-interval", "5ms", "strata.ec2.poll-interval-ms", "5",
                "strata.plan.app.cron", "0 0 2 * * ?",
                "strata.plan.app.resources", "rds:instance/app-db, ec2:tag/Backup=nightly",
                "strata.plan.app.retention", "daily=2,yearly=2",
                "strata.plan.app.tiering", "100d:ARCHIVE",
                "strata.aws.endpoint.rds", rds.serve().toString(), "strata.aws.endpoint.ec2", ec2.serve().toString());
        StrataSettings settings = StrataSettings.from(properties);
        SettableClock clock = new SettableClock(Instant.EPOCH);
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault vault = TestAws.vault(clients, settings);
            rds.addInstance(HOME, "app-db", "postgres", "db.t4g.medium", false, Map.of());
            String server = ec2.instance(HOME, Map.of("Name", "web", "Backup", "nightly"), null, 1);
            ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
            Map<String, RecoveryPoint> database = new TreeMap<>();
            Map<String, RecoveryPoint> web = new TreeMap<>();
            for (String day : List.of("2025-01-05", "2025-06-01", "2026-02-09", "2026-02-10")) {
                clock.set(Instant.parse(day + "T02:00:00Z"));
                database.put(day, services.get("rds").backup("instance/app-db", "app"));
                web.put(day, services.get("ec2").backup("instance/" + server, "app"));
            }
            clock.set(Instant.parse("2026-02-10T12:00:00Z"));
            PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
            Archivist archivist = new Archivist(plans, ArchivePolicies.from(properties, plans), services, vault, clock,
                    new StopSignal());

            ArchiveReport report = archivist.run(new Archivist.ArchiveOrder("app", null, false)).get(0);

            assertTrue(report.ok(), () -> report.outcomes().stream().map(o -> o.status() + " " + o.detail()).toList()
                    .toString());
            assertEquals(2, report.count(ArchiveDecision.Action.EXPIRE));
            // yearly=2 keeps 2025-06-01 (the newest of 2025); 2025-01-05 expires with its snapshots.
            Set<String> rdsSnapshots = rds.all("snapshot", HOME).stream().map(t -> t.id).collect(Collectors.toSet());
            assertEquals(3, rdsSnapshots.size(), rdsSnapshots.toString());
            assertTrue(snapshotsOf(clients, web.get("2025-01-05")).isEmpty(), "the expired EC2 snapshots are deleted");
            List<String> kept = vault.list(p -> "app".equals(p.plan())).points().stream()
                    .map(p -> p.startedAt().toString().substring(0, 10)).distinct().sorted().toList();
            assertEquals(List.of("2025-06-01", "2026-02-09", "2026-02-10"), kept);
            assertTrue(snapshotsOf(clients, web.get("2025-06-01")).stream().allMatch(s -> s.storageTierAsString()
                    .equals("archive")), "254 days old: past the 100d:ARCHIVE step");
            assertTrue(snapshotsOf(clients, web.get("2026-02-10")).stream().allMatch(s -> s.storageTierAsString()
                    .equals("standard")));

            long archivedBefore = ec2.calls.stream().filter(c -> c.contains(" ModifySnapshotTier ")).count();
            assertTrue(archivedBefore > 0);
            ArchiveReport again = archivist.run(new Archivist.ArchiveOrder("app", null, false)).get(0);
            assertTrue(again.ok());
            assertEquals(archivedBefore, ec2.calls.stream().filter(c -> c.contains(" ModifySnapshotTier ")).count(),
                    "a second pass archives nothing twice");
            assertEquals(0, again.count(ArchiveDecision.Action.EXPIRE) + again.count(ArchiveDecision.Action.TIER));
        }
    }

    private static List<Snapshot> snapshotsOf(AwsClients clients, RecoveryPoint point) {
        return clients.ec2(Region.of(HOME)).describeSnapshots(r -> r.ownerIds("self")).snapshots().stream()
                .filter(s -> s.tags().stream().anyMatch(t -> t.key().equals("strata:recovery-point")
                        && t.value().equals(point.key())))
                .toList();
    }
}
