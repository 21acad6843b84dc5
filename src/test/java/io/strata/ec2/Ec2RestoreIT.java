package io.strata.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.plan.ResourceSelector;
import io.strata.service.Resource;
import io.strata.service.RestoreRequest;
import io.strata.vault.RecoveryPoint;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/** Launch, volume restore, verify and expiry of EC2 recovery points in the fake world. */
class Ec2RestoreIT {

    private static final Pattern INSTANCE = Pattern.compile("Launched (i-[0-9a-f]+)");

    @Test
    void launchDryRunPrintsTheRequestAndALaunchRecreatesTheServer() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            RecoveryPoint point = f.service.backup("instance/" + f.instance(2), "nightly");
            String ami = Ec2Details.of(point).images().get(Ec2Fixture.HOME);

            String dryRun = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true",
                    "dry-run", "true")));

            assertTrue(dryRun.startsWith("Dry run, nothing launched"), dryRun);
            assertTrue(dryRun.contains("ImageId=" + ami) && dryRun.contains("InstanceType=m5.large"), dryRun);
            assertFalse(f.world.calls.stream().anyMatch(c -> c.contains("RunInstances")), f.world.calls.toString());
            InstanceConfig config = ConfigFile.read(f.vault, point);
            RunInstancesRequest request = Ec2Restorer.launchRequest(point, config, Ec2Details.of(point),
                    new LaunchTags(config.tags(), point.key(), List.of(), false));
            assertEquals(ami, request.imageId());
            assertEquals("m5.large", request.instanceTypeAsString());
            assertEquals("subnet-0a1b2c3d", request.subnetId());
            assertEquals(List.of("sg-0aaa", "sg-0bbb"), request.securityGroupIds());
            assertEquals("ops-key", request.keyName());
            assertEquals("arn:aws:iam::123456789012:instance-profile/app", request.iamInstanceProfile().arn());
            assertEquals(Ec2Fixture.USER_DATA, request.userData());
            assertTrue(request.blockDeviceMappings().isEmpty(), "the AMI carries the volumes");
            var tags = request.tagSpecifications().get(0).tags();
            assertTrue(tags.stream().anyMatch(t -> t.key().equals("Name") && t.value().equals("web")), tags.toString());
            assertTrue(tags.stream().noneMatch(t -> t.key().startsWith("aws:")), tags.toString());
            assertTrue(tags.stream().anyMatch(t -> t.key().equals("strata:restored-from") && t.value().equals(point.key())));

            String launched = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true")));

            Matcher matcher = INSTANCE.matcher(launched);
            assertTrue(matcher.find(), launched);
            Map<String, String> view = f.world.instanceView(Ec2Fixture.HOME, matcher.group(1));
            assertEquals(ami, view.get("image"));
            assertEquals("m5.large", view.get("type"));
            assertEquals("sg-0aaa,sg-0bbb", view.get("groups"));
            assertEquals(Ec2Fixture.USER_DATA, view.get("userData"));
            assertEquals("web", view.get("tag:Name"));
        }
    }

    @Test
    void withoutAnAmiTheDataVolumesComeFromTheSnapshots() {
        try (Ec2Fixture f = new Ec2Fixture()) {
            RecoveryPoint point = f.service.backup("instance/" + f.instance(2), "nightly");
            Map<String, String> snapshots = Ec2Details.of(point).snapshots().get(Ec2Fixture.HOME);

            String launched = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true")));

            Matcher matcher = INSTANCE.matcher(launched);
            assertTrue(matcher.find(), launched);
            assertTrue(launched.contains("restores with --volume /dev/xvda"), launched);
            Map<String, String> view = f.world.instanceView(Ec2Fixture.HOME, matcher.group(1));
            assertEquals(f.world.baseImage(Ec2Fixture.HOME), view.get("image"));
            assertEquals(snapshots.get("/dev/sdf"), view.get("device:/dev/sdf"));
            assertEquals(snapshots.get("/dev/sdg"), view.get("device:/dev/sdg"));
        }
    }

    @Test
    void aRelaunchedServerDropsTheTagsAPlanSelectsOnSoNoPlanBacksItUpAsASecondCopy() {
        try (Ec2Fixture f = new Ec2Fixture()) { // plan dr selects ec2:tag/Backup=nightly
            String original = f.instance(1);
            RecoveryPoint point = f.service.backup("instance/" + original, "dr");

            String dryRun = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true",
                    "dry-run", "true")));
            String launched = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true")));

            assertTrue(dryRun.contains("Would not copy the tags plans select on") && dryRun.contains("Backup=nightly (plan dr)"),
                    dryRun);
            assertTrue(launched.contains("Not copied the tags plans select on, so that no plan backs up the new instance "
                    + "as a second copy of the original: Backup=nightly (plan dr) (--keep-tags keeps them)"), launched);
            Matcher matcher = INSTANCE.matcher(launched);
            assertTrue(matcher.find(), launched);
            String clone = matcher.group(1);
            Map<String, String> view = f.world.instanceView(Ec2Fixture.HOME, clone);
            assertFalse(view.containsKey("tag:Backup"), view.toString());
            assertEquals("web", view.get("tag:Name"), view.toString());
            assertEquals(point.key(), view.get("tag:strata:restored-from"), view.toString());
            // What the plan's next run selects: the original alone, not its clone.
            List<Resource> selected = f.service.resolve(List.of(ResourceSelector.parse("ec2:tag/Backup=nightly")));
            assertEquals(List.of(Resource.of("ec2", "instance/" + original)), selected);
        }
    }

    @Test
    void keepTagsKeepsThemAndSaysThatThePlanBacksUpTheNewInstanceToo() {
        try (Ec2Fixture f = new Ec2Fixture()) {
            String original = f.instance(1);
            RecoveryPoint point = f.service.backup("instance/" + original, "dr");

            String launched = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true",
                    "keep-tags", "true")));

            assertTrue(launched.contains("Kept the tags plans select on, as --keep-tags asks: Backup=nightly (plan dr)"),
                    launched);
            Matcher matcher = INSTANCE.matcher(launched);
            assertTrue(matcher.find(), launched);
            Map<String, String> view = f.world.instanceView(Ec2Fixture.HOME, matcher.group(1));
            assertEquals("nightly", view.get("tag:Backup"), view.toString());
            assertEquals(point.key(), view.get("tag:strata:restored-from"), view.toString());
            assertEquals(2, f.service.resolve(List.of(ResourceSelector.parse("ec2:tag/Backup=nightly"))).size());
            var onVolume = assertThrows(IllegalArgumentException.class, () -> f.service.restore(f.vault, point,
                    new RestoreRequest(null, Map.of("volume", "/dev/sdf", "availability-zone", "us-east-1a",
                            "keep-tags", "true"))));
            assertTrue(onVolume.getMessage().contains("--keep-tags"), onVolume.getMessage());
        }
    }

    @Test
    void withoutAnAmiOrARootSnapshotTheLaunchNamesNoNullSnapshotAndAdvisesNoVolumeRestoreOfTheRoot() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.exclude-boot-volume", "true")) {
            RecoveryPoint point = f.service.backup("instance/" + f.instance(1), "nightly");

            String dryRun = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true",
                    "dry-run", "true")));
            String launched = f.service.restore(f.vault, point, new RestoreRequest(null, Map.of("launch", "true")));

            for (String said : List.of(dryRun, launched)) {
                assertFalse(said.contains("null"), said);
                assertFalse(said.contains("--volume /dev/xvda"), "no snapshot of the root to restore: " + said);
                assertTrue(said.contains("the root volume comes from the original AMI " + f.world.baseImage(Ec2Fixture.HOME)
                        + "; this recovery point holds no snapshot of the root volume /dev/xvda "
                        + "(strata.ec2.exclude-boot-volume was set)"), said);
            }
        }
    }

    @Test
    void aVolumeIsRestoredInTheZoneAskedEvenFromTheArchiveTier() {
        try (Ec2Fixture f = new Ec2Fixture()) {
            RecoveryPoint point = f.service.backup("instance/" + f.instance(2), "nightly");
            String snapshot = Ec2Details.of(point).snapshots().get(Ec2Fixture.HOME).get("/dev/sdg");
            f.world.archive(Ec2Fixture.HOME, snapshot);

            String restored = f.service.restore(f.vault, point, new RestoreRequest(null,
                    Map.of("volume", "/dev/sdg", "availability-zone", "us-east-1b")));

            Matcher volume = Pattern.compile("Created volume (vol-[0-9a-f]+) in us-east-1b from " + snapshot).matcher(restored);
            assertTrue(volume.find(), restored);
            assertEquals(Map.of("az", "us-east-1b", "snapshot", snapshot, "type", "io2", "size", "100"),
                    f.world.volume(Ec2Fixture.HOME, volume.group(1)));
            assertTrue(f.world.calls.contains("us-east-1 RestoreSnapshotTier " + snapshot), f.world.calls.toString());

            var missing = assertThrows(IllegalArgumentException.class, () -> f.service.restore(f.vault, point,
                    new RestoreRequest(null, Map.of("volume", "/dev/sdz", "availability-zone", "us-east-1b"))));
            assertTrue(missing.getMessage().contains("no snapshot of /dev/sdz"), missing.getMessage());
            var toTable = assertThrows(IllegalArgumentException.class, () -> f.service.restore(f.vault, point,
                    new RestoreRequest("orders", Map.of())));
            assertTrue(toTable.getMessage().contains("not --to"), toTable.getMessage());
        }
    }

    @Test
    void verifyReportsADeletedSnapshotAndATamperedConfiguration() {
        try (Ec2Fixture f = new Ec2Fixture()) {
            RecoveryPoint point = f.service.backup("instance/" + f.instance(2), "dr");
            String gone = Ec2Details.of(point).snapshots().get(Ec2Fixture.DR).get("/dev/sdf");
            f.world.deleteSnapshotBehindStratasBack(Ec2Fixture.DR, gone);
            f.vault.putBytes(point.key() + "instance.json", "{\"instanceType\":\"x1e.32xlarge\"}".getBytes(),
                    "application/json");

            var report = f.service.verify(f.vault, point);

            assertFalse(report.ok());
            assertTrue(report.problems().stream().anyMatch(p -> p.contains(gone) && p.contains("eu-west-1")
                    && p.contains("InvalidSnapshot.NotFound")), report.problems().toString());
            assertTrue(report.problems().stream().anyMatch(p -> p.contains("instance.json") && p.contains("SHA-256")),
                    report.problems().toString());
            var refused = assertThrows(IllegalStateException.class, () -> f.service.restore(f.vault, point,
                    new RestoreRequest(null, Map.of("launch", "true", "dry-run", "true"))));
            assertTrue(refused.getMessage().contains("does not match its recorded digests"), refused.getMessage());
        }
    }

    @Test
    void expiryDeregistersTheAmisBeforeDeletingSnapshotsAndTouchesNothingElse() {
        try (Ec2Fixture f = new Ec2Fixture("strata.ec2.create-image", "true")) {
            String id = f.instance(1);
            RecoveryPoint doomed = f.service.backup("instance/" + id, "dr");
            RecoveryPoint kept = f.service.backup("instance/" + id, "dr");
            // A snapshot someone else made of the same volume, without Strata's tags.
            var foreign = f.clients.ec2(Region.US_EAST_1).createSnapshots(r -> r.instanceSpecification(s -> s
                    .instanceId(id))).snapshots().get(0).snapshotId();
            var before = Map.of(Ec2Fixture.HOME, f.world.snapshotTags(Ec2Fixture.HOME).keySet(),
                    Ec2Fixture.DR, f.world.snapshotTags(Ec2Fixture.DR).keySet());
            f.world.calls.clear();

            f.service.expire(doomed);

            for (String region : List.of(Ec2Fixture.HOME, Ec2Fixture.DR)) {
                List<String> calls = f.world.calls.stream().filter(c -> c.startsWith(region + " ")).toList();
                int deregister = indexOf(calls, "DeregisterImage");
                assertTrue(deregister >= 0, calls.toString());
                assertTrue(calls.stream().filter(c -> c.contains("DeleteSnapshot")).allMatch(c -> calls.indexOf(c) > deregister),
                        calls.toString());
                assertFalse(f.world.imageIds(region).contains(Ec2Details.of(doomed).images().get(region)));
                assertTrue(f.world.imageIds(region).contains(Ec2Details.of(kept).images().get(region)));
                var left = f.world.snapshotTags(region);
                assertTrue(left.values().stream().noneMatch(t -> doomed.key().equals(t.get("strata:recovery-point"))),
                        left.toString());
                // every snapshot deleted was the recovery point's own
                for (String snapshot : before.get(region)) {
                    if (!left.containsKey(snapshot)) {
                        assertTrue(f.world.calls.contains(region + " DeleteSnapshot " + snapshot));
                    }
                }
                assertEquals(before.get(region).size() - (region.equals(Ec2Fixture.HOME) ? 4 : 4), left.size(),
                        "2 volume snapshots + the AMI's 2 in " + region);
            }
            assertTrue(f.world.snapshotTags(Ec2Fixture.HOME).containsKey(foreign));
            assertTrue(f.world.imageIds(Ec2Fixture.HOME).contains(f.world.baseImage(Ec2Fixture.HOME)));
            assertTrue(f.service.verify(f.vault, kept).ok(), f.service.verify(f.vault, kept).problems().toString());

            f.service.expire(doomed); // a second expiry finds nothing left and fails on nothing
        }
    }

    private static int indexOf(List<String> calls, String operation) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).contains(" " + operation + " ")) {
                return i;
            }
        }
        return -1;
    }
}
