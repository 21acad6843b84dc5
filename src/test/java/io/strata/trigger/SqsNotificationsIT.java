package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.TestAws;
import io.strata.support.TestSqs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * S3 event notifications through SQS (ElasticMQ in-process): the polling route is stopped, so only a
 * notification can bring a request in. S3Mock sends no notifications: the test sends what S3 would.
 */
class SqsNotificationsIT {

    @TempDir
    Path temp;
    private String bucket;
    private String queueUrl;
    private TriggerFixture aws;

    @BeforeEach
    void start() throws Exception {
        bucket = TestAws.unique("notified");
        String queue = TestAws.unique("requests");
        var sqsSettings = io.strata.config.StrataSettings.from(TestAws.properties("unused",
                "strata.aws.endpoint.sqs", TestSqs.endpoint().toString()));
        try (var sqsClients = TestAws.clients(sqsSettings)) {
            queueUrl = sqsClients.sqs().createQueue(r -> r.queueName(queue)).queueUrl();
        }
        aws = new TriggerFixture("strata.requests.bucket", bucket, "strata.requests.sqs-queue-url", queueUrl,
                "strata.aws.endpoint.sqs", TestSqs.endpoint().toString(),
                "strata.requests.state-dir", temp.resolve("state").toString());
        aws.clients.s3().createBucket(r -> r.bucket(bucket));
        aws.start();
        aws.runtime.context().getRouteController().stopRoute("requests-s3");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private static String created(String bucket, String key) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\""
                + bucket + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":40}}}]}";
    }

    private void send(String... bodies) {
        NotifyBuilder done = new NotifyBuilder(aws.runtime.context()).fromRoute("requests-sqs").whenDone(bodies.length).create();
        for (String body : bodies) {
            aws.clients.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
        }
        assertTrue(done.matches(60, TimeUnit.SECONDS), "SQS messages not done in 60 s");
    }

    private int messagesLeft() {
        var attributes = aws.clients.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void aNotifiedRequestIsProcessedAtOnce() throws Exception {
        aws.clients.s3().putObject(r -> r.bucket(bucket).key("requests/now.json"),
                RequestBody.fromString("{\"action\":\"backup\",\"plan\":\"orders\"}"));

        send(created(bucket, "requests/now.json"));

        RequestOutcome outcome = TriggerFixture.outcome(aws.clients.s3().getObjectAsBytes(r -> r.bucket(bucket)
                .key("results/now.json.json")).asByteArray());
        assertEquals(RequestOutcome.OK, outcome.status(), outcome.toString());
        assertEquals(1, aws.points().size());
        aws.clients.s3().headObject(r -> r.bucket(bucket).key("processed/now.json"));
        TriggerFixture.await(() -> messagesLeft() == 0, "the notification deleted");
    }

    @Test
    void testEventsOtherKeysAndMalformedMessagesAreDeletedAndRunNothing() throws Exception {
        aws.clients.s3().putObject(r -> r.bucket(bucket).key("elsewhere/x.json"),
                RequestBody.fromString("{\"action\":\"backup\",\"plan\":\"orders\"}"));

        send("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-22T20:00:00Z\",\"Bucket\":\"" + bucket + "\"}",
                created(bucket, "elsewhere/x.json"), created("another-bucket", "requests/x.json"), "not json at all",
                "{\"Records\":\"nope\"}", created(bucket, "requests/gone.json"));

        TriggerFixture.await(() -> messagesLeft() == 0, "every message deleted");
        assertTrue(aws.points().isEmpty());
        aws.clients.s3().headObject(r -> r.bucket(bucket).key("elsewhere/x.json"));
    }
}
