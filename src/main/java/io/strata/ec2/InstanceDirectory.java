package io.strata.ec2;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Where instances are looked up: the SDK directly for one-shot commands, the camel-aws2-ec2
 * component ({@code direct:ec2-describe-instances}) when the routes run.
 */
public interface InstanceDirectory {

    /** One page of DescribeInstances. */
    DescribeInstancesResponse describe(DescribeInstancesRequest request);

    /** The instances with these ids; an unknown id fails as AWS reports it (InvalidInstanceID.NotFound). */
    default List<Instance> byIds(List<String> ids) {
        return all(DescribeInstancesRequest.builder().instanceIds(ids).build());
    }

    /** The instances (not terminated) tagged {@code key=value}. */
    default List<Instance> byTag(String key, String value) {
        return all(DescribeInstancesRequest.builder().filters(
                Filter.builder().name("tag:" + key).values(value).build(),
                Filter.builder().name("instance-state-name")
                        .values("pending", "running", "stopping", "stopped").build()).build());
    }

    private List<Instance> all(DescribeInstancesRequest first) {
        List<Instance> instances = new ArrayList<>();
        DescribeInstancesRequest request = first;
        while (true) {
            DescribeInstancesResponse page = describe(request);
            for (Reservation reservation : page.reservations()) {
                instances.addAll(reservation.instances());
            }
            if (page.nextToken() == null || page.nextToken().isEmpty()) {
                return instances;
            }
            request = request.toBuilder().nextToken(page.nextToken()).build();
        }
    }
}
