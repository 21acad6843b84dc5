package io.strata.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Volume;

/** Reads an instance's configuration: the instance itself, its volumes and its user data. */
final class InstanceConfigReader {

    private final Ec2Client ec2;

    InstanceConfigReader(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    InstanceConfig read(Instance instance, String region) {
        List<String> volumeIds = instance.blockDeviceMappings().stream().filter(m -> m.ebs() != null)
                .map(m -> m.ebs().volumeId()).toList();
        Map<String, Volume> volumes = new TreeMap<>();
        if (!volumeIds.isEmpty()) {
            ec2.describeVolumes(r -> r.volumeIds(volumeIds)).volumes().forEach(v -> volumes.put(v.volumeId(), v));
        }
        List<InstanceConfig.BlockDevice> devices = new ArrayList<>();
        for (InstanceBlockDeviceMapping mapping : instance.blockDeviceMappings()) {
            if (mapping.ebs() == null) {
                continue;
            }
            Volume volume = volumes.get(mapping.ebs().volumeId());
            devices.add(new InstanceConfig.BlockDevice(mapping.deviceName(), mapping.ebs().volumeId(),
                    volume == null ? null : volume.size(), volume == null ? null : volume.volumeTypeAsString(),
                    volume == null ? null : volume.iops(), volume == null ? null : volume.throughput(),
                    volume == null ? null : volume.encrypted(), volume == null ? null : volume.kmsKeyId(),
                    mapping.ebs().deleteOnTermination()));
        }
        var userData = ec2.describeInstanceAttribute(r -> r.instanceId(instance.instanceId())
                .attribute(InstanceAttributeName.USER_DATA)).userData();
        return new InstanceConfig(instance.instanceId(), region, instance.instanceTypeAsString(), instance.imageId(),
                instance.architectureAsString(),
                instance.placement() == null ? null : instance.placement().availabilityZone(), instance.subnetId(),
                instance.securityGroups().stream().map(g -> g.groupId()).toList(),
                instance.iamInstanceProfile() == null ? null : instance.iamInstanceProfile().arn(),
                instance.keyName(), instance.ebsOptimized(), instance.rootDeviceName(), Tags.of(instance.tags()), devices,
                userData == null ? null : userData.value());
    }
}
