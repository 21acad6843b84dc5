package io.strata.ec2;

import java.util.List;
import java.util.Map;

/**
 * {@code instance.json}: what an AMI or a snapshot does not keep and a relaunch needs.
 *
 * @param userData base64, as DescribeInstanceAttribute returns it and RunInstances takes it; null if none
 */
public record InstanceConfig(String instanceId, String region, String instanceType, String imageId,
                             String architecture, String availabilityZone, String subnetId, List<String> securityGroupIds,
                             String iamInstanceProfileArn, String keyName, Boolean ebsOptimized, String rootDeviceName,
                             Map<String, String> tags, List<BlockDevice> blockDevices, String userData) {

    public record BlockDevice(String deviceName, String volumeId, Integer sizeGiB, String volumeType, Integer iops,
                              Integer throughput, Boolean encrypted, String kmsKeyId, Boolean deleteOnTermination) {
    }

    public boolean isRoot(String device) {
        return device.equals(rootDeviceName);
    }

    public BlockDevice device(String name) {
        return blockDevices.stream().filter(d -> d.deviceName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Instance " + instanceId + " had no device " + name
                        + " (it had " + blockDevices.stream().map(BlockDevice::deviceName).toList() + ")"));
    }
}
