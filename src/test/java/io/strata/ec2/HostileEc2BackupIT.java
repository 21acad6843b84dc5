package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.RestoreRequest;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.VerificationReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;

/**
 * Hostile EC2 cases: an instance whose volumes change between DescribeInstances and CreateSnapshots,
 * and a recovery point that records snapshots which are not its own. Each ends in a committed,
 * VERIFIED recovery point that does not hold what it claims.
 */
class HostileEc2BackupIT {

    /**
     * A volume is attached between the DescribeInstances of the backup and its CreateSnapshots. The
     * first attempt rightly refuses ("Snapshot ... is of volume ..., which instance ... does not have"),
     * but the retry reuses the stale Instance read before the first attempt, finds the two snapshots
     * of the volumes it knows by tag and commits: /dev/sdg, attached and snapshotted at backup time, is
     * in neither the recovery point nor instance.json, and verify says VERIFIED.
     */
    @Test
    void aVolumeAttachedDuringTheBackupIsInTheRetriedRecoveryPoint() {
        try (Ec2Fixture f = new Ec2Fixture()) {
            String id = f.instance(2);
            // The first DescribeInstances answer predates the attachment of /dev/sdg.
            useDirectory(f, first -> mapDevices(first, devices -> devices.stream()
                    .filter(m -> !m.deviceName().equals("/dev/sdg")).toList()));

            RecoveryPoint point;
            try {
                point = f.service.backup("instance/" + id, null);
            } catch (IllegalStateException refused) {
                return; // refusing the backup is a correct outcome
            }

            Map<String, String> recorded = Ec2Details.of(point).snapshots().get(Ec2Fixture.HOME);
            long tagged = f.world.snapshotTags(Ec2Fixture.HOME).values().stream()
                    .filter(tags -> point.key().equals(tags.get("strata:recovery-point"))).count();
            VerificationReport report = f.service.verify(f.vault, point);
            assertEquals(Set.of("/dev/xvda", "/dev/sdf", "/dev/sdg"), recorded.keySet(),
                    "committed recovery point " + point.key() + " (verify ok=" + report.ok() + ") lacks a volume the "
                            + "instance had when CreateSnapshots ran; " + tagged + " snapshots carry its tag, it records "
                            + recorded.size());
        }
    }

    /**
     * A volume is detached between DescribeInstances and CreateSnapshots: instance.json lists /dev/sdh,
     * no snapshot of it is recorded, yet the backup commits and verify (which only looks at the
     * snapshots recorded) says VERIFIED; restore --launch silently leaves the device out.
     */
    @Test
    void aDeviceDetachedDuringTheBackupLeavesAConsistentRecoveryPoint() {
        try (Ec2Fixture f = new Ec2Fixture()) {
            String id = f.instance(2);
            String other = f.instance(1);
            String detached = f.world.volumeOfDevice(Ec2Fixture.HOME, other, "/dev/sdf");
            // /dev/sdh was attached when DescribeInstances answered, detached before CreateSnapshots.
            useDirectory(f, first -> mapDevices(first, devices -> {
                List<InstanceBlockDeviceMapping> more = new java.util.ArrayList<>(devices);
                more.add(InstanceBlockDeviceMapping.builder().deviceName("/dev/sdh")
                        .ebs(e -> e.volumeId(detached).deleteOnTermination(true).status("attached")).build());
                return more;
            }));

            RecoveryPoint point;
            try {
                point = f.service.backup("instance/" + id, null);
            } catch (IllegalStateException refused) {
                return; // refusing the backup is a correct outcome
            }

            InstanceConfig config = ConfigFile.read(f.vault, point);
            if (config.blockDevices().stream().noneMatch(d -> d.deviceName().equals("/dev/sdh"))) {
                // Also correct: the retry described the instance again and backed it up as it now is, whole.
                assertEquals(Set.of("/dev/xvda", "/dev/sdf", "/dev/sdg"),
                        Ec2Details.of(point).snapshots().get(Ec2Fixture.HOME).keySet());
                assertEquals(Ec2Details.of(point).devicesToSnapshot(config),
                        Ec2Details.of(point).snapshots().get(Ec2Fixture.HOME).keySet());
                VerificationReport report = f.service.verify(f.vault, point);
                assertTrue(report.ok(), report.problems().toString());
                return;
            }
            assertFalse(Ec2Details.of(point).snapshots().get(Ec2Fixture.HOME).containsKey("/dev/sdh"));
            String dryRun = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true",
                    "dry-run", "true")));
            VerificationReport report = f.service.verify(f.vault, point);
            assertFalse(report.ok(), "instance.json of " + point.key() + " lists /dev/sdh, no snapshot of it is recorded, "
                    + "yet verify says VERIFIED; the launch leaves it out: " + dryRun);
        }
    }

    /**
     * A descriptor whose /dev/sdf entry names another recovery point's snapshot (of the root volume):
     * RDS verify refuses a snapshot not tagged with the recovery point's key, EC2 verify checks only
     * that it is completed, so it says VERIFIED, and restore --volume /dev/sdf makes a volume of the
     * wrong disk of the wrong recovery point.
     */
    @Test
    void verifyRefusesASnapshotOfAnotherRecoveryPointAndVolume() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture()) {
            String id = f.instance(1);
            RecoveryPoint first = f.service.backup("instance/" + id, null);
            RecoveryPoint second = f.service.backup("instance/" + id, null);
            String foreign = Ec2Details.of(first).snapshots().get(Ec2Fixture.HOME).get("/dev/xvda");

            ObjectNode details = (ObjectNode) second.details().deepCopy();
            ((ObjectNode) details.get("snapshots").get(Ec2Fixture.HOME)).put("/dev/sdf", foreign);
            RecoveryPoint edited = new RecoveryPoint(second.strataVersion(), second.key(), second.resource(),
                    second.service(), second.region(), second.plan(), second.mode(), second.startedAt(),
                    second.finishedAt(), second.itemCount(), second.bytes(), second.exportPrefix(), second.files(),
                    second.schema(), details);
            f.vault.commit(edited);
            RecoveryPoint read = f.vault.read(io.strata.vault.RecoveryPointKey.parse(second.key()));

            VerificationReport report = f.service.verify(f.vault, read);
            assertFalse(report.ok(), "snapshot " + foreign + " is tagged strata:recovery-point=" + first.key()
                    + " and is of the root volume, yet verify of " + second.key() + " says VERIFIED: "
                    + Json.MAPPER.writeValueAsString(read.details()));
        }
    }

    /**
     * The verify half of the case above, without the race: a descriptor that records no snapshot of
     * /dev/sdf (listed in instance.json) in the DR region. Verify names the device and the region;
     * with the boot volume excluded, the root device needs no snapshot.
     */
    @Test
    void verifyReportsADeviceOfInstanceJsonWithoutASnapshotInARegion() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.exclude-boot-volume", "true")) {
            RecoveryPoint point = f.service.backup("instance/" + f.instance(1), "dr");
            VerificationReport whole = f.service.verify(f.vault, point);
            assertTrue(whole.ok(), whole.problems().toString());

            ObjectNode details = (ObjectNode) point.details().deepCopy();
            ((ObjectNode) details.get("snapshots").get(Ec2Fixture.DR)).remove("/dev/sdf");
            RecoveryPoint edited = new RecoveryPoint(point.strataVersion(), point.key(), point.resource(),
                    point.service(), point.region(), point.plan(), point.mode(), point.startedAt(),
                    point.finishedAt(), point.itemCount(), point.bytes(), point.exportPrefix(), point.files(),
                    point.schema(), details);

            VerificationReport report = f.service.verify(f.vault, edited);
            assertFalse(report.ok());
            assertEquals(1, report.problems().size(), report.problems().toString());
            assertTrue(report.problems().get(0).contains("/dev/sdf") && report.problems().get(0).contains(Ec2Fixture.DR),
                    report.problems().toString());
        }
    }

    private static void useDirectory(Ec2Fixture f, UnaryOperator<DescribeInstancesResponse> firstAnswer) {
        SdkInstanceDirectory sdk = new SdkInstanceDirectory(f.service.client());
        AtomicBoolean first = new AtomicBoolean(true);
        f.service.useDirectory(request -> {
            DescribeInstancesResponse answer = sdk.describe(request);
            return first.getAndSet(false) ? firstAnswer.apply(answer) : answer;
        });
    }

    private static DescribeInstancesResponse mapDevices(DescribeInstancesResponse response,
            UnaryOperator<List<InstanceBlockDeviceMapping>> change) {
        return response.toBuilder().reservations(response.reservations().stream().map(reservation -> reservation
                .toBuilder().instances(reservation.instances().stream().map((Instance instance) -> instance.toBuilder()
                        .blockDeviceMappings(change.apply(instance.blockDeviceMappings())).build()).toList()).build())
                .toList()).build();
    }
}
