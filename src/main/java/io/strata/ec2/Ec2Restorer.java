package io.strata.ec2;

import io.strata.exit.UsageException;
import io.strata.service.RestoreRequest;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * {@code --launch [--dry-run]}: RunInstances that recreates the server from instance.json and the
 * AMI (or the original AMI plus the data-volume snapshots); {@code --volume DEVICE
 * --availability-zone AZ}: CreateVolume from that device's snapshot.
 */
final class Ec2Restorer {

    static final Set<String> OPTIONS = Set.of("launch", "dry-run", "volume", "availability-zone");
    static final String RESTORED_FROM = "strata:restored-from";

    private final Function<Region, Ec2Client> clients;
    private final SnapshotTier tier;

    Ec2Restorer(Function<Region, Ec2Client> clients, SnapshotTier tier) {
        this.clients = clients;
        this.tier = tier;
    }

    String restore(Vault vault, RecoveryPoint point, RestoreRequest request) {
        request.allowOnly(Ec2Service.NAME, OPTIONS);
        if (request.target() != null) {
            throw new UsageException("An EC2 restore takes --launch [--dry-run] or --volume DEVICE "
                    + "--availability-zone AZ, not --to");
        }
        boolean launch = request.flag("launch");
        String volume = request.option("volume");
        if (launch == (volume != null)) {
            throw new UsageException("An EC2 restore needs exactly one of --launch or --volume DEVICE");
        }
        InstanceConfig config = ConfigFile.read(vault, point);
        Ec2Details details = Ec2Details.of(point);
        if (volume != null) {
            return volume(point, config, details, volume, request.option("availability-zone"));
        }
        RunInstancesRequest run = launchRequest(point, config, details);
        String note = details.images().containsKey(point.region()) ? "" : "\nNo AMI in this recovery point: the root "
                + "volume comes from the original AMI " + config.imageId() + "; its snapshot "
                + details.snapshots().getOrDefault(point.region(), Map.of()).get(config.rootDeviceName())
                + " restores with --volume " + config.rootDeviceName();
        if (request.flag("dry-run")) {
            return "Dry run, nothing launched. RunInstances in " + point.region() + ":\n" + run + note;
        }
        if (!details.images().containsKey(point.region())) {
            details.snapshots().getOrDefault(point.region(), Map.of()).values().forEach(id -> tier.ensureStandard(
                    point.region(), id));
        }
        String instanceId = clients.apply(Region.of(point.region())).runInstances(run).instances().get(0).instanceId();
        return "Launched " + instanceId + " in " + point.region() + " from " + run.imageId() + " (recovery point "
                + point.key() + ")" + note;
    }

    /** The RunInstances request that recreates the instance the recovery point holds. */
    static RunInstancesRequest launchRequest(RecoveryPoint point, InstanceConfig config, Ec2Details details) {
        String ami = details.images().get(point.region());
        List<Tag> tags = new ArrayList<>();
        config.tags().forEach((k, v) -> {
            if (!k.startsWith("aws:")) {
                tags.add(Tag.builder().key(k).value(v).build());
            }
        });
        tags.add(Tag.builder().key(RESTORED_FROM).value(point.key()).build());
        RunInstancesRequest.Builder run = RunInstancesRequest.builder().minCount(1).maxCount(1)
                .imageId(ami != null ? ami : config.imageId()).instanceType(config.instanceType())
                .subnetId(config.subnetId()).securityGroupIds(config.securityGroupIds()).keyName(config.keyName())
                .ebsOptimized(config.ebsOptimized()).userData(config.userData())
                .tagSpecifications(Tags.spec(ResourceType.INSTANCE, tags));
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
                            Tag.builder().key(RESTORED_FROM).value(point.key()).build())));
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
