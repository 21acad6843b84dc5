package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.copies.VaultCopies;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.retention.ArchivePolicy;
import io.strata.service.BackupService;
import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.DynamoDbProxy;
import io.strata.support.SettableClock;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A native-backup recovery point copied to a plan's second vault names the very on-demand backup the
 * primary's point records (its data is not in the vault). Expiring the copy must delete its objects only:
 * the backup stays, the primary's point still verifies and restores, and only the primary's expiry deletes it.
 */
class SecondVaultNativeBackupIT {

    @Test
    void expiringACopyLeavesTheBackupToThePrimarysExpiry() throws Exception {
        try (DynamoDbProxy proxy = DynamoDbProxy.start()) {
            String secondBucket = TestAws.unique("vault-dr");
            String table = TestAws.unique("orders");
            StrataSettings settings = TestAws.settings(TestAws.unique("vault"), "strata.plan.nightly.cron",
                    "0 0 2 * * ?", "strata.plan.nightly.resources", "dynamodb:" + table,
                    "strata.plan.nightly.dynamodb.mode", "native-backup", "strata.plan.nightly.retention", "daily=1",
                    "strata.plan.nightly.copy-to-vault", secondBucket, "strata.dynamodb.backup-poll-interval", "20ms",
                    proxy.setting()[0], proxy.setting()[1]);
            SettableClock clock = new SettableClock(Instant.parse("2026-02-01T02:00:00Z"));
            try (AwsClients clients = TestAws.clients(settings)) {
                Vault vault = TestAws.vault(clients, settings);
                clients.s3().createBucket(r -> r.bucket(secondBucket));
                Tables.create(clients.dynamoDb(), table);
                Tables.put(clients.dynamoDb(), table, IntStream.range(0, 6)
                        .mapToObj(i -> Tables.simple("p" + i, i, "v")).toList());
                ServiceRegistry services = Services.registry(clients, vault, settings, clock, new StopSignal());
                BackupService dynamoDb = services.get("dynamodb");
                PlanCatalog plans = PlanCatalog.from(settings.properties(), Services.selectors()::parse);
                ArchivePolicies policies = ArchivePolicies.from(settings.properties(), plans);
                VaultCopies copies = new VaultCopies(policies, vault, region -> vault.s3(), false, () -> false);
                RecoveryPoint old = dynamoDb.backup(table, "nightly");
                copies.copyCommitted(old);
                clock.set(Instant.parse("2026-02-02T02:00:00Z"));
                copies.copyCommitted(dynamoDb.backup(table, "nightly"));
                String oldBackup = old.details().get("backupArn").asText();
                assertEquals(2, proxy.backups().of(table).size());
                assertTrue(proxy.backups().of(table).contains(oldBackup), oldBackup);
                Archivist archivist = new Archivist(plans, policies, services, vault, clock, new StopSignal(), copies);
                BackupPlan plan = plans.require("nightly");
                ArchivePolicy policy = policies.of("nightly");
                Vault second = copies.secondVault("nightly", policy.copyToVault().orElseThrow());

                // The second vault's pass alone: the primary still keeps the old recovery point.
                ArchiveReport there = archivist.run(second, plan, policy, clock.instant(), false);

                assertTrue(there.ok(), there.problems().toString());
                assertEquals(1, there.count(ArchiveDecision.Action.EXPIRE));
                assertEquals(1, second.list(p -> true).points().size());
                assertTrue(proxy.backups().of(table).contains(oldBackup), "expiring the copy deleted the primary's backup");
                assertTrue(dynamoDb.verify(vault, old).ok(), dynamoDb.verify(vault, old).problems().toString());
                String target = TestAws.unique("restored");
                dynamoDb.restore(vault, old, new RestoreRequest(target, Map.of()));
                assertEquals(Tables.scanAll(clients.dynamoDb(), table), Tables.scanAll(clients.dynamoDb(), target));

                archivist.run(new Archivist.ArchiveOrder("nightly", null, false));

                assertEquals(1, vault.list(p -> true).points().size());
                assertEquals(List.of(), proxy.backups().of(table).stream().filter(oldBackup::equals).toList(),
                        "the primary's expiry deletes it");
            }
        }
    }
}
