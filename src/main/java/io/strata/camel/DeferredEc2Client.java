package io.strata.camel;

import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;

/**
 * The {@code #ec2Client} bean of {@code direct:ec2-describe-instances}. camel-aws2-ec2 takes its client
 * when the route is created (its component binds {@code amazonEc2Client} then, its endpoint keeps it from
 * start), but a daemon whose plans back up no EC2 instance never calls it: Strata's own client, with its
 * retries, endpoint override and interceptors, is built at the first DescribeInstances instead, so the
 * daemon does not load the EC2 SDK (about 780 classes) before its first backup. Only the operations the
 * route files use are passed on; any other fails as the SDK's default does (UnsupportedOperationException).
 * Closing it closes nothing: the client belongs to the composition, which closes it at exit.
 */
public final class DeferredEc2Client implements Ec2Client {

    private final Supplier<Ec2Client> client;

    /** @param client Strata's client, asked for at each call (it is built once, on the first) */
    public DeferredEc2Client(Supplier<Ec2Client> client) {
        this.client = client;
    }

    @Override
    public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
        return client.get().describeInstances(request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // the composition owns the client
    }
}
