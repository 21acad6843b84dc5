package io.strata.ec2;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;

/** DescribeInstances through the SDK: for commands that run without routes (list, restore, verify). */
public record SdkInstanceDirectory(Ec2Client ec2) implements InstanceDirectory {

    @Override
    public DescribeInstancesResponse describe(DescribeInstancesRequest request) {
        return ec2.describeInstances(request);
    }
}
