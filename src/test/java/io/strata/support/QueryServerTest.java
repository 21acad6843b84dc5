package io.strata.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * The fakes' HTTP side, through the real SDK clients {@link AwsClients} builds: requests reach the
 * region they were signed for, a fake's AWS error arrives as the SDK's modelled exception with its
 * code and status, and the SDK's own retries see the injected throttling.
 */
class QueryServerTest {

    private static AwsClients clients(FakeEc2 ec2, FakeRds rds) {
        Properties p = new Properties();
        p.setProperty("strata.aws.region", "us-east-1");
        p.setProperty("strata.aws.endpoint.ec2", ec2.serve().toString());
        p.setProperty("strata.aws.endpoint.rds", rds.serve().toString());
        // The retries are what is tested, not their pauses: 20 s at most between throttled attempts would make
        // the throttling test wait minutes.
        p.setProperty("strata.aws.retry.max-backoff", "10ms");
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "test"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "test"));
        return new AwsClients(StrataSettings.from(p));
    }

    @Test
    void eachRequestReachesTheRegionItWasSignedFor() {
        try (FakeEc2 ec2 = new FakeEc2("us-east-1", "eu-west-1"); FakeRds rds = new FakeRds();
             AwsClients clients = clients(ec2, rds)) {
            String home = ec2.instance("us-east-1", Map.of("Name", "web"), null, 1);
            String dr = ec2.instance("eu-west-1", Map.of("Name", "dr"), null, 0);

            List<Instance> there = clients.ec2(Region.EU_WEST_1).describeInstances().reservations().get(0).instances();

            assertEquals(List.of(dr), there.stream().map(Instance::instanceId).toList());
            Instance web = clients.ec2(Region.US_EAST_1).describeInstances(r -> r.instanceIds(home)).reservations().get(0)
                    .instances().get(0);
            assertEquals("web", web.tags().get(0).value());
            assertEquals(List.of("/dev/xvda", "/dev/sdf"), web.blockDeviceMappings().stream()
                    .map(m -> m.deviceName()).toList());
            assertEquals("running", web.state().nameAsString());
            var refused = assertThrows(Ec2Exception.class, () -> clients.ec2(Region.AP_SOUTH_1).describeInstances());
            assertEquals("AuthFailure", refused.awsErrorDetails().errorCode());
        }
    }

    @Test
    void aFakesAwsErrorIsTheSdksModelledExceptionWithItsCodeAndStatus() {
        try (FakeEc2 ec2 = new FakeEc2(); FakeRds rds = new FakeRds(); AwsClients clients = clients(ec2, rds)) {
            var rdsError = assertThrows(DbInstanceNotFoundException.class, () -> clients.rds(Region.US_EAST_1)
                    .describeDBInstances(r -> r.dbInstanceIdentifier("gone-db")));
            assertEquals("DBInstanceNotFound", rdsError.awsErrorDetails().errorCode());
            assertEquals(404, rdsError.statusCode());
            assertEquals("DBInstance gone-db not found.", rdsError.awsErrorDetails().errorMessage());

            var ec2Error = assertThrows(Ec2Exception.class, () -> clients.ec2(Region.US_EAST_1)
                    .describeInstances(r -> r.instanceIds("i-0123456789abcdef0")));
            assertEquals("InvalidInstanceID.NotFound", ec2Error.awsErrorDetails().errorCode());
            assertEquals(400, ec2Error.statusCode());
        }
    }

    @Test
    void theSdkRetriesInjectedThrottlingItself() {
        try (FakeEc2 ec2 = new FakeEc2(); FakeRds rds = new FakeRds(); AwsClients clients = clients(ec2, rds)) {
            int attempts = clients.ec2(Region.US_EAST_1).serviceClientConfiguration().overrideConfiguration()
                    .retryStrategy().orElseThrow().maxAttempts();
            ec2.throttleNext.put("DescribeInstances", new AtomicInteger(attempts - 1));

            clients.ec2(Region.US_EAST_1).describeInstances();

            assertEquals(0, ec2.throttleNext.get("DescribeInstances").get(), "one call, its retries took them all");
            ec2.throttleNext.get("DescribeInstances").set(attempts + 1);
            var throttled = assertThrows(Ec2Exception.class, () -> clients.ec2(Region.US_EAST_1).describeInstances());
            assertEquals("RequestLimitExceeded", throttled.awsErrorDetails().errorCode());
            assertEquals(503, throttled.statusCode());
            assertEquals(1, ec2.throttleNext.get("DescribeInstances").get(), "the SDK gave up after its attempts");
        }
    }

    @Test
    void aParameterTheModelDoesNotKnowIsRefusedInTheEc2ErrorEnvelope() throws Exception {
        try (FakeEc2 ec2 = new FakeEc2()) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            ec2.serve() + "/")).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ec2/aws4_request, "
                            + "SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeInstances&Version=2016-11-15&InstanceIds.1=i-1"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(400, answer.statusCode());
            assertTrue(answer.body().contains("<Response><Errors><Error><Code>UnknownParameter</Code>"), answer.body());
            assertTrue(answer.body().contains("InstanceIds.1"), answer.body());
        }
    }
}
