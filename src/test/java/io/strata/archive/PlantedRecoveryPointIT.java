package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.app.Services;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.plan.PlanCatalog;
import io.strata.retention.ArchivePolicies;
import io.strata.run.Recoveries;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.support.FakeEc2;
import io.strata.support.SettableClock;
import io.strata.support.TestAws;
import io.strata.text.Json;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, point 1: someone with only PutObject on the vault plants, under a resource's folder, a
 * nested {@code strata/…/strata/…} folder with the same stamp as a live recovery point, holding a copy
 * of that point's descriptor (claiming a plan and an old start) or a copy of it as {@code expiring.json}.
 * Before, both passed as the live point's folder (only what follows the last {@code strata/} was
 * compared): the archive pass expired the copy, or "finished" its expiry, and deleted the live
 * point's snapshots by their tag, reporting 0 expired. Now neither is a recovery point.
 */
class PlantedRecoveryPointIT {

    private static final String HOME = "us-east-1";

    private final FakeEc2 ec2 = new FakeEc2();
    private final SettableClock clock = new SettableClock(Instant.EPOCH);
    private Properties properties;
    private AwsClients clients;
    private Vault vault;
    private ServiceRegistry services;
    private String server;
    private RecoveryPoint planPoint;
    private RecoveryPoint cliPoint;

    @BeforeEach
    void start() {
        properties = TestAws.properties(TestAws.unique("planted"), "strata.ec2.poll-interval-ms", "5",
                "strata.aws.endpoint.ec2", ec2.serve().toString(), "strata.plan.app.cron", "0 0 2 * * ?",
                "strata.plan.app.resources", "ec2:tag/Backup=nightly", "strata.plan.app.retention", "daily=1");
        StrataSettings settings = StrataSettings.from(properties);
        clients = TestAws.clients(settings);
        vault = TestAws.vault(clients, settings);
        services = Services.registry(clients, vault, settings, clock, new StopSignal());
        server = ec2.instance(HOME, Map.of("Name", "web", "Backup", "nightly"), null, 1);
        planPoint = backUp("2026-03-01T02:00:00Z", "app");
        cliPoint = backUp("2026-03-02T09:00:00Z", null); // strata backup ec2:instance/…: in no plan
    }

    @AfterEach
    void stop() {
        clients.close();
        ec2.close();
    }

    @Test
    void aNestedDescriptorCopyIsNoRecoveryPointAndDeletesNothing() throws Exception {
        ObjectNode copy = descriptorOf(cliPoint);
        copy.put("plan", "app");
        copy.put("startedAt", "2026-01-01T02:00:00Z"); // old: the plan's retention would expire it
        String planted = nested(cliPoint, "") + RecoveryPointKey.DESCRIPTOR;
        vault.putBytes(planted, Json.MAPPER.writeValueAsBytes(copy), "application/json");
        Map<String, Map<String, String>> before = ec2.snapshotTags(HOME);

        ArchiveReport report = pass("2026-03-20T12:00:00Z");

        assertEquals(before, ec2.snapshotTags(HOME), "no snapshot deleted");
        assertTrue(report.outcomes().stream().noneMatch(o -> o.decision().action() == ArchiveDecision.Action.EXPIRE),
                report.toString());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(planted) && p.contains("nested")),
                report.problems().toString());
        everyPointStillVerifies();
        Listing listing = vault.list(p -> true);
        assertTrue(listing.problems().stream().anyMatch(p -> p.contains(planted)), listing.problems().toString());
        VaultException refused = assertThrows(VaultException.class,
                () -> new Recoveries(services, vault).verify(nested(cliPoint, "")));
        assertTrue(refused.getMessage().contains(planted) && refused.getMessage().contains("not a recovery point"),
                refused.getMessage());
    }

    @Test
    void aNestedExpiryMarkerAloneIsNeverResumed() throws Exception {
        String planted = nested(cliPoint, "x/") + RecoveryPointKey.EXPIRING;
        vault.putBytes(planted, Json.MAPPER.writeValueAsBytes(descriptorOf(cliPoint)), "application/json");
        Map<String, Map<String, String>> before = ec2.snapshotTags(HOME);

        ArchiveReport report = pass("2026-03-03T12:00:00Z");

        assertEquals(before, ec2.snapshotTags(HOME), "no snapshot deleted");
        assertFalse(report.ok(), "the planted marker is reported");
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(planted)), report.problems().toString());
        assertTrue(vault.s3().listObjectsV2(r -> r.bucket(vault.bucket()).prefix(planted)).hasContents(),
                "left for a person to look at");
        everyPointStillVerifies();
    }

    @Test
    void aMarkerCopiedIntoAnotherOwnFolderIsRefusedByTheReader() throws Exception {
        // Same resource, other stamp, not nested: the recorded key is not the folder's own.
        RecoveryPointKey live = RecoveryPointKey.parse(cliPoint.key());
        String planted = RecoveryPointKey.resourcePrefix(vault.prefix(), "ec2", HOME, live.resource())
                + "20260101T020000Z-0badc0de/" + RecoveryPointKey.EXPIRING;
        vault.putBytes(planted, Json.MAPPER.writeValueAsBytes(descriptorOf(cliPoint)), "application/json");
        Map<String, Map<String, String>> before = ec2.snapshotTags(HOME);

        ArchiveReport report = pass("2026-03-03T12:00:00Z");

        assertEquals(before, ec2.snapshotTags(HOME));
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(planted) && p.contains("not the folder")),
                report.problems().toString());
        everyPointStillVerifies();
    }

    /** {@code <resource folder>/<middle>strata/ec2/<region>/<resource>/<the point's stamp>/}: nested. */
    private String nested(RecoveryPoint point, String middle) {
        RecoveryPointKey key = RecoveryPointKey.parse(point.key());
        String resourceFolder = RecoveryPointKey.resourcePrefix(vault.prefix(), "ec2", HOME, key.resource());
        return RecoveryPointKey.resourcePrefix(resourceFolder + middle, "ec2", HOME, key.resource()) + key.stamp() + "/";
    }

    private ObjectNode descriptorOf(RecoveryPoint point) throws Exception {
        byte[] bytes = vault.s3().getObjectAsBytes(r -> r.bucket(vault.bucket())
                .key(RecoveryPointKey.parse(point.key()).descriptorKey())).asByteArray();
        return (ObjectNode) Json.MAPPER.readTree(bytes);
    }

    private void everyPointStillVerifies() {
        Recoveries recoveries = new Recoveries(services, vault);
        for (RecoveryPoint point : List.of(planPoint, cliPoint)) {
            assertTrue(recoveries.verify(point.key()).ok(), point.key() + " verifies");
        }
        assertEquals(List.of(cliPoint.key(), planPoint.key()),
                vault.list(p -> true).points().stream().map(RecoveryPoint::key).toList());
    }

    private RecoveryPoint backUp(String at, String plan) {
        clock.set(Instant.parse(at));
        return services.get("ec2").backup("instance/" + server, plan);
    }

    private ArchiveReport pass(String at) {
        clock.set(Instant.parse(at));
        PlanCatalog plans = PlanCatalog.from(properties, Services.selectors()::parse);
        return new Archivist(plans, ArchivePolicies.from(properties, plans), services, vault, clock, new StopSignal())
                .run(new Archivist.ArchiveOrder("app", null, false)).get(0);
    }
}
