package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopies;
import io.strata.ec2.Ec2Details;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.retention.ArchivePolicy;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.FakeEc2;
import io.strata.support.SettableClock;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A copy of an EC2 recovery point names the primary's snapshots: expiring the copy must delete its
 * objects only, and leave the snapshots to the expiry of the primary's recovery point.
 */
class SecondVaultSnapshotsIT {

    @Test
    void expiringACopyLeavesTheSnapshotsToThePrimarysExpiry() {
        try (FakeEc2 world = new FakeEc2()) {
            expire(world);
        }
    }

    private void expire(FakeEc2 world) {
        String secondBucket = TestAws.unique("vault-dr");
        StrataSettings settings = TestAws.settings(TestAws.unique("vault"), "strata.ec2.poll-interval-ms", "5",
                "strata.aws.endpoint.ec2", world.serve().toString(),
                "strata.ec2.retry-base-ms", "5", "strata.plan.nightly.cron", "0 0 2 * * ?",
                "strata.plan.nightly.resources", "ec2:tag/Backup=nightly", "strata.plan.nightly.retention", "daily=1",
                "strata.plan.nightly.copy-to-vault", secondBucket);
        SettableClock clock = new SettableClock(Instant.parse("2026-02-01T02:00:00Z"));
        try (AwsClients clients = TestAws.clients(settings)) {
            Vault vault = TestAws.vault(clients, settings);
            clients.s3().createBucket(r -> r.bucket(secondBucket));
            ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
            PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
            ArchivePolicies policies = ArchivePolicies.from(settings.properties(), plans);
            VaultCopies copies = new VaultCopies(policies, vault, region -> vault.s3(), false, () -> false);
            String instance = world.instance("us-east-1", Map.of("Backup", "nightly"),
                    Base64.getEncoder().encodeToString("#!/bin/sh\n".getBytes()), 1);
            RecoveryPoint old = services.get("ec2").backup("instance/" + instance, "nightly");
            copies.copyCommitted(old);
            clock.set(Instant.parse("2026-02-02T02:00:00Z"));
            copies.copyCommitted(services.get("ec2").backup("instance/" + instance, "nightly"));
            Set<String> oldSnapshots = Set.copyOf(Ec2Details.of(old).snapshots().get("us-east-1").values());
            assertEquals(2, oldSnapshots.size());
            Archivist archivist = new Archivist(plans, policies, services, vault, clock, new StopSignal(), copies);
            BackupPlan plan = plans.require("nightly");
            ArchivePolicy policy = policies.of("nightly");
            Vault second = copies.secondVault("nightly", policy.copyToVault().orElseThrow());

            // The second vault's pass alone: the primary still keeps the old recovery point.
            ArchiveReport there = archivist.run(second, plan, policy, clock.instant(), false);

            assertTrue(there.ok(), there.problems().toString());
            assertEquals(1, there.count(ArchiveDecision.Action.EXPIRE));
            assertEquals(1, second.list(p -> true).points().size());
            assertTrue(world.snapshotTags("us-east-1").keySet().containsAll(oldSnapshots),
                    "expiring the copy deleted the primary's snapshots");

            archivist.run(new Archivist.ArchiveOrder("nightly", null, false));

            assertEquals(1, vault.list(p -> true).points().size());
            assertTrue(world.snapshotTags("us-east-1").keySet().stream().noneMatch(oldSnapshots::contains),
                    "the primary's expiry deletes them");
        }
    }
}
