package io.strata.ec2;

import io.strata.exit.UsageException;
import io.strata.service.RestoreRequest;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * {@code --launch [--dry-run] [--keep-tags]}: RunInstances that recreates the server from instance.json and the
 * AMI (or the original AMI plus the data-volume snapshots), tagged as {@link LaunchTags} says; {@code --volume
 * DEVICE --availability-zone AZ}: CreateVolume from that device's snapshot.
 */
final class Ec2Restorer {

    private final Function<Region, Ec2Client> clients;
    private final SnapshotTier tier;
    private final List<SelectedTag> planTags;

    /** @param planTags the tags configured plans select instances on (a launch does not copy them) */
    Ec2Restorer(Function<Region, Ec2Client> clients, SnapshotTier tier, List<SelectedTag> planTags) {
        this.clients = clients;
        this.tier = tier;
        this.planTags = planTags;
    }

    String restore(Vault vault, RecoveryPoint point, RestoreRequest request) {
        request.allowOnly(Ec2Service.NAME, Ec2RestoreOptions.DECLARED);
        if (request.target() != null) {
            throw new UsageException("An EC2 restore takes --launch [--dry-run] [--keep-tags] or --volume DEVICE "
                    + "--availability-zone AZ, not --to");
        }
        boolean launch = request.flag(Ec2RestoreOptions.LAUNCH.name());
        String volume = request.option(Ec2RestoreOptions.VOLUME.name());
        if (launch == (volume != null)) {
            throw new UsageException("An EC2 restore needs exactly one of --launch or --volume DEVICE");
        }
        if (!launch && (request.flag(Ec2RestoreOptions.KEEP_TAGS.name()) || request.flag(Ec2RestoreOptions.DRY_RUN.name()))) {
            throw new UsageException("--keep-tags and --dry-run go with --launch, not with --volume " + volume);
        }
        InstanceConfig config = ConfigFile.read(vault, point);
        Ec2Details details = Ec2Details.of(point);
        if (volume != null) {
            return volume(point, config, details, volume, request.option(Ec2RestoreOptions.AVAILABILITY_ZONE.name()));
        }
        LaunchTags tags = new LaunchTags(config.tags(), point.key(), planTags, request.flag(Ec2RestoreOptions.KEEP_TAGS.name()));
        RunInstancesRequest run = launchRequest(point, config, details, tags);
        boolean dryRun = request.flag(Ec2RestoreOptions.DRY_RUN.name());
        String notes = rootVolumeNote(point, config, details) + tags.note(dryRun);
        if (dryRun) {
            return "Dry run, nothing launched. RunInstances in " + point.region() + ":\n" + run + notes;
        }
        if (!details.images().containsKey(point.region())) {
            details.snapshots().getOrDefault(point.region(), Map.of()).values().forEach(id -> tier.ensureStandard(
                    point.region(), id));
        }
        String instanceId = clients.apply(Region.of(point.region())).runInstances(run).instances().get(0).instanceId();
        return "Launched " + instanceId + " in " + point.region() + " from " + run.imageId() + " (recovery point "
                + point.key() + ")" + notes;
    }

    /**
     * Without an AMI the root volume is the original AMI's (RunInstances cannot swap its snapshot): say so,
     * and how to restore the backed-up root volume when there is a snapshot of it, and that there is none
     * when the backup left it out.
     */
    private static String rootVolumeNote(RecoveryPoint point, InstanceConfig config, Ec2Details details) {
        if (details.images().containsKey(point.region())) {
            return "";
        }
        String note = "\nNo AMI in this recovery point: the root volume comes from the original AMI " + config.imageId();
        String root = config.rootDeviceName();
        if (root == null) {
            return note;
        }
        String snapshot = details.snapshots().getOrDefault(point.region(), Map.of()).get(root);
        if (snapshot == null) {
            return note + "; this recovery point holds no snapshot of the root volume " + root
                    + (Boolean.TRUE.equals(details.bootVolumeExcluded()) ? " (strata.ec2.exclude-boot-volume was set)" : "");
        }
        return note + "; the backed-up root volume, snapshot " + snapshot + ", restores with --volume " + root
                + " --availability-zone AZ";
    }

    /** The RunInstances request that recreates the instance the recovery point holds. */
    static RunInstancesRequest launchRequest(RecoveryPoint point, InstanceConfig config, Ec2Details details,
                                             LaunchTags tags) {
        String ami = details.images().get(point.region());
        RunInstancesRequest.Builder run = RunInstancesRequest.builder().minCount(1).maxCount(1)
                .imageId(ami != null ? ami : config.imageId()).instanceType(config.instanceType())
                .subnetId(config.subnetId()).securityGroupIds(config.securityGroupIds()).keyName(config.keyName())
                .ebsOptimized(config.ebsOptimized()).userData(config.userData())
                .tagSpecifications(Tags.spec(ResourceType.INSTANCE, tags.tags()));
        if (config.iamInstanceProfileArn() != null) {
            run.iamInstanceProfile(p -> p.arn(config.iamInstanceProfileArn()));
        }
        if (ami == null) {
            // RunInstances cannot swap the root volume's snapshot: the data volumes come from ours.
            List<BlockDeviceMapping> mappings = new ArrayList<>();
            details.snapshots().getOrDefault(point.region(), Map.of()).forEach((device, snapshotId) -> {
                if (!config.isRoot(device)) {
                    mappings.add(BlockDeviceMapping.builder().deviceName(device)
                            .ebs(ebs(config.device(device), snapshotId)).build());
                }
            });
            run.blockDeviceMappings(mappings);
        }
        return run.build();
    }

    private static EbsBlockDevice ebs(InstanceConfig.BlockDevice device, String snapshotId) {
        EbsBlockDevice.Builder ebs = EbsBlockDevice.builder().snapshotId(snapshotId).volumeSize(device.sizeGiB())
                .volumeType(device.volumeType()).deleteOnTermination(device.deleteOnTermination());
        if (takesIops(device.volumeType())) {
            ebs.iops(device.iops());
        }
        if ("gp3".equals(device.volumeType())) {
            ebs.throughput(device.throughput());
        }
        return ebs.build();
    }

    private static boolean takesIops(String volumeType) {
        return "io1".equals(volumeType) || "io2".equals(volumeType) || "gp3".equals(volumeType);
    }

    private String volume(RecoveryPoint point, InstanceConfig config, Ec2Details details, String device, String zone) {
        if (zone == null || zone.isBlank()) {
            throw new UsageException("--volume " + device + " needs --availability-zone AZ (e.g. "
                    + point.region() + "a)");
        }
        Map<String, String> snapshots = details.snapshots().getOrDefault(point.region(), Map.of());
        String snapshotId = snapshots.get(device);
        if (snapshotId == null) {
            throw new UsageException("Recovery point " + point.key() + " has no snapshot of " + device
                    + " in " + point.region() + " (it has " + snapshots.keySet() + ")");
        }
        tier.ensureStandard(point.region(), snapshotId);
        InstanceConfig.BlockDevice original = config.device(device);
        String volumeId = clients.apply(Region.of(point.region())).createVolume(r -> {
            r.snapshotId(snapshotId).availabilityZone(zone).volumeType(original.volumeType())
                    .tagSpecifications(Tags.spec(ResourceType.VOLUME, List.of(
                            Tag.builder().key(LaunchTags.RESTORED_FROM).value(point.key()).build())));
            if (takesIops(original.volumeType())) {
                r.iops(original.iops());
            }
            if ("gp3".equals(original.volumeType())) {
                r.throughput(original.throughput());
            }
        }).volumeId();
        return "Created volume " + volumeId + " in " + zone + " from " + snapshotId + " (" + device + " of "
                + config.instanceId() + ")";
    }
}
