package io.strata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Failure lines carry the step, AWS's code and message, and the class, and never read "null". */
class FailuresTest {

    private static Ec2Exception aws(int status, String code, String message) {
        return (Ec2Exception) Ec2Exception.builder().statusCode(status).requestId("req-1").awsErrorDetails(AwsErrorDetails
                .builder().errorCode(code).errorMessage(message).serviceName("Ec2")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build()).build();
    }

    @Test
    void anAwsErrorInANamedStepReadsAsTheIssueAsksFor() {
        var failure = new Step.Failed("CreateImage i-0abc in us-east-1", aws(500, "InternalError", "Internal error."));
        var wrapped = new IllegalStateException("Backup of instance i-0abc failed: " + Failures.reason(failure), failure);

        assertEquals("Backup of instance i-0abc failed: CreateImage i-0abc in us-east-1: InternalError: Internal error. "
                + "[Ec2Exception, HTTP 500, request req-1]", Failures.describe(wrapped));
    }

    @Test
    void aBare500SaysSoInsteadOfNull() {
        var bare = aws(500, null, null);
        assertTrue(bare.getMessage().startsWith("(Service: Ec2"), "the SDK's own message says nothing: " + bare.getMessage());

        assertEquals("CreateSnapshots i-0abc: HTTP 500 from Ec2 without an AWS error code or message "
                + "[Ec2Exception, HTTP 500, request req-1]", Failures.describe(new Step.Failed("CreateSnapshots i-0abc", bare)));
        assertEquals("HTTP 500 from Ec2 without an AWS error code or message [Ec2Exception, HTTP 500, request req-1]",
                Failures.describe(bare));
    }

    @Test
    void anExceptionWithoutAMessageIsNamedByItsClassAndCause() {
        assertEquals("NullPointerException [NullPointerException]", Failures.describe(new NullPointerException()));
        var client = SdkClientException.create("Unable to execute HTTP request: Connection refused");
        assertEquals("IllegalStateException: SdkClientException: Unable to execute HTTP request: Connection refused "
                + "[SdkClientException]", Failures.describe(new IllegalStateException(null, client)));
        assertEquals("DescribeSnapshots [snap-1]: Unable to execute HTTP request: Connection refused [SdkClientException]",
                Failures.describe(new Step.Failed("DescribeSnapshots [snap-1]", client)));
    }

    @Test
    void aMessageCopiedFromItsCauseIsSaidOnce() {
        // An export stopped mid-scan: the segment's reason travels up as an IOException carrying the same words.
        var stop = new InterruptedException("export of orders stopped before it finished");
        var copied = new IOException(stop.getMessage(), stop);
        var failed = new IllegalStateException("Export of orders failed, nothing committed: " + Failures.reason(copied), copied);

        assertEquals("Export of orders failed, nothing committed: export of orders stopped before it finished "
                + "[InterruptedException]", Failures.describe(failed));
    }

    @Test
    void aStopIsRecognisedThroughItsWrappers() {
        var stop = new Waiter.Stopped("stopped while waiting for snapshots [snap-1] in us-east-1 ('snap-1 pending 50%')");
        assertTrue(Failures.stopped(new IllegalStateException("Backup failed", stop)));
        assertTrue(Step.run("x", () -> 1) == 1);
    }
}
