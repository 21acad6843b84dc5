package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.stream.DigestingInputStream;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** Backups of instances in the fake EC2 world into the S3Mock vault: snapshots, AMIs, copies, retries. */
class Ec2BackupIT {

    @Test
    void aBackupNoPlanStartedCarriesNoPlanTagAndVerifyNamesEachSnapshotAndRegion() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture()) {
            String id = f.instance(2);

            RecoveryPoint point = f.service.backup("instance/" + id, null);

            Map<String, String> snapshots = Ec2Details.of(point).snapshots().get(Ec2Fixture.HOME);
            for (String snapshot : snapshots.values()) {
                Map<String, String> tags = f.world.snapshotTags(Ec2Fixture.HOME).get(snapshot);
                assertFalse(tags.containsKey("strata:plan"), tags.toString());
                assertEquals(point.key(), tags.get("strata:recovery-point"));
            }
            var report = f.service.verify(f.vault, point);
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(1, report.files(), "instance.json");
            for (var device : snapshots.entrySet()) {
                assertTrue(report.extent().contains("snapshot " + device.getValue() + " (" + device.getKey() + ") in "
                        + Ec2Fixture.HOME), report.extent());
            }
        }
    }

    @Test
    void anInstanceWithThreeVolumesGivesThreeTaggedSnapshotsAndItsConfiguration() throws Exception {
        try (Ec2Fixture f = new Ec2Fixture()) {
            String id = f.instance(2);

            RecoveryPoint point = f.service.backup("instance/" + id, "nightly");

            assertEquals("ec2:instance/" + id, point.resource());
            assertEquals("snapshot", point.mode());
            assertTrue(point.key().startsWith("strata/ec2/us-east-1/instance/" + id + "/"), point.key());
            Ec2Details details = Ec2Details.of(point);
            Map<String, String> snapshots = details.snapshots().get(Ec2Fixture.HOME);
            assertEquals(Set.of("/dev/xvda", "/dev/sdf", "/dev/sdg"), snapshots.keySet());
            for (String snapshot : snapshots.values()) {
                assertEquals("completed", f.world.snapshotState(Ec2Fixture.HOME, snapshot));
                Map<String, String> tags = f.world.snapshotTags(Ec2Fixture.HOME).get(snapshot);
                assertEquals(point.key(), tags.get("strata:recovery-point"));
                assertEquals("nightly", tags.get("strata:plan"));
                assertEquals("web", tags.get("Name"));
                assertFalse(tags.containsKey("aws:cloudformation:stack-name"), "aws: tags are reserved");
            }
            assertEquals(f.world.volumeOfDevice(Ec2Fixture.HOME, id, "/dev/sdf"), f.clients.ec2(
                    software.amazon.awssdk.regions.Region.US_EAST_1).describeSnapshots(r -> r.snapshotIds(
                    snapshots.get("/dev/sdf"))).snapshots().get(0).volumeId());

            var file = point.files().get(0);
            assertEquals(point.key() + "instance.json", file.key());
            byte[] stored = f.vault.open(file.key()).readAllBytes();
            var digest = new DigestingInputStream(new ByteArrayInputStream(stored)).drain().result();
            assertEquals(file.sha256Hex(), digest.sha256Hex());
            assertEquals(file.md5Base64(), digest.md5Base64());
            assertEquals(file.bytes(), stored.length);
            InstanceConfig config = Json.MAPPER.readValue(stored, InstanceConfig.class);
            assertEquals("m5.large", config.instanceType());
            assertEquals(f.world.baseImage(Ec2Fixture.HOME), config.imageId());
            assertEquals("subnet-0a1b2c3d", config.subnetId());
            assertEquals(List.of("sg-0aaa", "sg-0bbb"), config.securityGroupIds());
            assertEquals("arn:aws:iam::123456789012:instance-profile/app", config.iamInstanceProfileArn());
            assertEquals("ops-key", config.keyName());
            assertEquals(Ec2Fixture.USER_DATA, config.userData());
            assertEquals("/dev/xvda", config.rootDeviceName());
            assertEquals(3, config.blockDevices().size());
            assertEquals(100, config.device("/dev/sdf").sizeGiB());
            assertEquals("io2", config.device("/dev/sdf").volumeType());
            assertEquals("web", config.tags().get("Name"));
            assertTrue(f.service.verify(f.vault, point).ok(), f.service.verify(f.vault, point).problems().toString());
        }
    }

    @Test
    void theBootVolumeCanBeLeftOut() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.exclude-boot-volume", "true")) {
            RecoveryPoint point = f.service.backup("instance/" + f.instance(2), "nightly");

            assertEquals(Set.of("/dev/sdf", "/dev/sdg"), Ec2Details.of(point).snapshots().get(Ec2Fixture.HOME).keySet());
            assertEquals(2, f.world.snapshotTags(Ec2Fixture.HOME).size());
        }
    }

    @Test
    void anAmiBesideTheSnapshotsWithoutRebootUnlessAsked() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String id = f.instance(1);
            RecoveryPoint point = f.service.backup("instance/" + id, "nightly");

            String ami = Ec2Details.of(point).images().get(Ec2Fixture.HOME);
            assertTrue(f.world.imageIds(Ec2Fixture.HOME).contains(ami));
            assertEquals("available", f.clients.ec2(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .describeImages(r -> r.imageIds(ami)).images().get(0).stateAsString());
            assertTrue(f.world.calls.contains("us-east-1 CreateImage " + id + " noReboot=true"), f.world.calls.toString());
            assertTrue(f.service.verify(f.vault, point).ok());
        }
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true", "strata.ec2.reboot", "true")) {
            String id = f.instance(1);
            f.service.backup("instance/" + id, "nightly");
            assertTrue(f.world.calls.contains("us-east-1 CreateImage " + id + " noReboot=false"), f.world.calls.toString());
        }
    }

    @Test
    void aRetriedRecoveryPointReusesItsSnapshotsAndImage() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String id = f.instance(2);
            // The first attempt's CreateImage stays throttled through all its retries (Strata's 8 tries, each
            // of them retried by the SDK itself); the second gets through.
            int sdkAttempts = f.clients.ec2(Region.US_EAST_1).serviceClientConfiguration().overrideConfiguration()
                    .retryStrategy().orElseThrow().maxAttempts();
            f.world.throttleNext.put("CreateImage", new AtomicInteger(8 * sdkAttempts));

            RecoveryPoint point = f.service.backup("instance/" + id, "nightly");

            assertEquals(1, f.world.calls.stream().filter(c -> c.contains("CreateSnapshots")).count(), f.world.calls.toString());
            assertEquals(1, f.world.calls.stream().filter(c -> c.contains("CreateImage")).count());
            int snapshots = f.world.snapshotTags(Ec2Fixture.HOME).size();
            assertEquals(3 + 3, snapshots, "3 volume snapshots + the AMI's 3");

            RecoveryPoint again = f.service.backup(RecoveryPointKey.parse(point.key()), id, "nightly");

            assertEquals(Ec2Details.of(point).snapshots(), Ec2Details.of(again).snapshots());
            assertEquals(Ec2Details.of(point).images(), Ec2Details.of(again).images());
            assertEquals(snapshots, f.world.snapshotTags(Ec2Fixture.HOME).size());
            assertEquals(1, f.world.calls.stream().filter(c -> c.contains("CreateSnapshots")).count());
        }
    }

    @Test
    void copiesAppearInTheDestinationRegionOnly() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true",
                "strata.ec2.copy-kms-key-id.eu-west-1", "arn:aws:kms:eu-west-1:123456789012:key/dr")) {
            String id = f.instance(2);
            RecoveryPoint point = f.service.backup("instance/" + id, "dr");

            Ec2Details details = Ec2Details.of(point);
            Map<String, String> copies = details.snapshots().get(Ec2Fixture.DR);
            assertEquals(details.snapshots().get(Ec2Fixture.HOME).keySet(), copies.keySet());
            Map<String, Map<String, String>> there = f.world.snapshotTags(Ec2Fixture.DR);
            for (String copy : copies.values()) {
                assertTrue(there.containsKey(copy), copy + " is in " + Ec2Fixture.DR);
                assertEquals(point.key(), there.get(copy).get("strata:recovery-point"));
                assertFalse(f.world.snapshotTags(Ec2Fixture.HOME).containsKey(copy));
            }
            assertTrue(f.world.imageIds(Ec2Fixture.DR).contains(details.images().get(Ec2Fixture.DR)));
            assertFalse(f.world.imageIds(Ec2Fixture.HOME).contains(details.images().get(Ec2Fixture.DR)));
            assertTrue(f.world.calls.stream().anyMatch(c -> c.startsWith("eu-west-1 CopySnapshot us-east-1 ")), f.world.calls.toString());
            assertTrue(f.service.verify(f.vault, point).ok(), f.service.verify(f.vault, point).problems().toString());
        }
    }

    @Test
    void copiesStayWithinTheRegionLimitAndThrottlingIsRetried() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.max-concurrent-copies", "2")) {
            String id = f.instance(4);
            f.world.throttleNext.put("CopySnapshot", new AtomicInteger(2));

            RecoveryPoint point = f.service.backup("instance/" + id, "dr");

            assertEquals(5, Ec2Details.of(point).snapshots().get(Ec2Fixture.DR).size());
            assertTrue(f.world.maxCopiesInFlight.get(Ec2Fixture.DR) <= 2, f.world.maxCopiesInFlight.toString());
        }
        try (Ec2Fixture f = new Ec2Fixture()) {
            f.world.copyLimit = 1; // AWS answers ResourceLimitExceeded beyond it; Strata backs off and retries
            RecoveryPoint point = f.service.backup("instance/" + f.instance(2), "dr");

            assertEquals(3, Ec2Details.of(point).snapshots().get(Ec2Fixture.DR).size());
            assertEquals(1, f.world.maxCopiesInFlight.get(Ec2Fixture.DR));
        }
    }

    @Test
    void anUnknownInstanceFailsWithAwsMessage() {
        try (Ec2Fixture f = new Ec2Fixture()) {
            var failure = assertThrows(IllegalArgumentException.class,
                    () -> f.service.backup("instance/i-0123456789abcdef0", "nightly"));
            assertTrue(failure.getMessage().contains("InvalidInstanceID.NotFound"), failure.getMessage());
            assertTrue(failure.getMessage().contains("The instance ID 'i-0123456789abcdef0' does not exist"),
                    failure.getMessage());
            assertTrue(f.vault.list(p -> true).points().isEmpty());
        }
    }
}
