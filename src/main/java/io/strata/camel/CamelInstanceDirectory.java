package io.strata.camel;

import io.strata.ec2.InstanceDirectory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;

/** DescribeInstances through {@code direct:ec2-describe-instances} (camel-aws2-ec2) while the routes run. */
public final class CamelInstanceDirectory implements InstanceDirectory {

    public static final String ENDPOINT = "direct:ec2-describe-instances";

    private final ProducerTemplate template;

    public CamelInstanceDirectory(CamelContext context) {
        this.template = context.createProducerTemplate();
    }

    @Override
    public DescribeInstancesResponse describe(DescribeInstancesRequest request) {
        try {
            return template.requestBody(ENDPOINT, request, DescribeInstancesResponse.class);
        } catch (CamelExecutionException e) {
            // The caller reads AWS's error (InvalidInstanceID.NotFound), not Camel's wrapper.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
