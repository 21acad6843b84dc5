package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.FakeEc2;
import io.strata.support.SettableClock;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Hostile vault content met by the archive pass (EC2 fake, S3Mock vault): what an earlier pass,
 * another tool or a person left in the plan's folders must never make it delete a live recovery
 * point's snapshots or objects.
 */
class HostileArchiveIT {

    private static final String HOME = "us-east-1";

    private final FakeEc2 ec2 = new FakeEc2();
    private final SettableClock clock = new SettableClock(Instant.EPOCH);
    private Properties properties;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;
    private String server;

    private void start(String... extra) {
        String[] base = {"strata.ec2.poll-interval-ms", "5", "strata.aws.endpoint.ec2", ec2.serve().toString(),
                "strata.plan.app.cron", "0 0 2 * * ?",
                "strata.plan.app.resources", "ec2:tag/Backup=nightly", "strata.plan.app.retention", "daily=7"};
        properties = TestAws.properties(TestAws.unique("vault"),
                java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                        .toArray(String[]::new));
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        server = ec2.instance(HOME, Map.of("Name", "web", "Backup", "nightly"), null, 1);
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        ec2.close();
    }

    private RecoveryPoint backUpOn(String day) {
        clock.set(Instant.parse(day + "T02:00:00Z"));
        return services.get("ec2").backup("instance/" + server, "app");
    }

    private ArchiveReport pass(String at) {
        clock.set(Instant.parse(at));
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        return new Archivist(plans, ArchivePolicies.from(properties, plans), services, vault, clock, new StopSignal())
                .run(new Archivist.ArchiveOrder("app", null, false)).get(0);
    }

    @Test
    void anExpiryMarkerNamingAnotherRecoveryPointNeverDeletesThatPointsSnapshots() {
        start();
        RecoveryPoint live = backUpOn("2026-03-01");
        assertFalse(snapshotsOf(live).isEmpty());
        // A copy of the live descriptor as expiring.json in a folder of its own (a folder copied by hand,
        // a tool that moved a half-expired recovery point, or someone with PutObject on a locked vault).
        RecoveryPointKey liveKey = RecoveryPointKey.parse(live.key());
        String elsewhere = RecoveryPointKey.resourcePrefix(liveKey.vaultPrefix(), "ec2", HOME, liveKey.resource())
                + "20260201T020000Z-0badc0de/" + RecoveryPointKey.EXPIRING;
        byte[] descriptor = vault.s3().getObjectAsBytes(r -> r.bucket(vault.bucket()).key(liveKey.descriptorKey()))
                .asByteArray();
        vault.putBytes(elsewhere, descriptor, "application/json");

        ArchiveReport report = pass("2026-03-01T12:00:00Z");

        assertFalse(snapshotsOf(live).isEmpty(), "the live recovery point keeps its snapshots");
        assertEquals(List.of(live.key()), vault.list(p -> true).points().stream().map(RecoveryPoint::key).toList());
        assertFalse(report.ok(), "the marker that names another folder is reported");
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(elsewhere) || p.contains("0badc0de")),
                report.problems().toString());
        assertTrue(keys(elsewhere).contains(elsewhere), "left for a person to look at");
    }

    private List<String> keys(String prefix) {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private List<Snapshot> snapshotsOf(RecoveryPoint point) {
        return clients.ec2(Region.of(HOME)).describeSnapshots(r -> r.ownerIds("self")).snapshots().stream()
                .filter(s -> s.tags().stream().anyMatch(t -> t.key().equals("strata:recovery-point")
                        && t.value().equals(point.key())))
                .toList();
    }
}
