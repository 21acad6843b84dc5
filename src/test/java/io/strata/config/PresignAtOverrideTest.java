package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The presigned URL of a cross-region copy, as the clients {@link AwsClients} builds send it (taken
 * from the request about to go on the wire; nothing is sent): against AWS the SDK's own URL for the
 * source region's public endpoint, behind an endpoint override a URL for the override, both signed
 * for the source region and naming the destination.
 */
class PresignAtOverrideTest {

    /** Takes the form about to be sent and stops the call there. */
    private static final class Sent implements ExecutionInterceptor {
        final AtomicReference<Map<String, List<String>>> form = new AtomicReference<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            // The Query protocol moves the parameters into the form body just before signing.
            Optional<ContentStreamProvider> content = context.httpRequest() instanceof SdkHttpFullRequest full
                    ? full.contentStreamProvider() : context.requestBody().map(RequestBody::contentStreamProvider);
            String body = content.map(PresignAtOverrideTest::read).orElse("");
            Map<String, List<String>> all = new HashMap<>(SdkHttpUtils.uriParams(URI.create("http://x/?" + body)));
            all.putAll(context.httpRequest().rawQueryParameters());
            form.set(all);
            throw new IllegalStateException("stopped before transmission");
        }

        Map<String, List<String>> presigned(String parameter) {
            return SdkHttpUtils.uriParams(URI.create(form.get().get(parameter).get(0)));
        }

        String presignedUrl(String parameter) {
            return form.get().get(parameter).get(0);
        }
    }

    private static String read(ContentStreamProvider content) {
        try (var in = content.newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AwsClients clients(Sent sent, String... keyValues) {
        Properties p = new Properties();
        p.setProperty("strata.aws.region", "us-east-1");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "test"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "test"));
        return new AwsClients(StrataSettings.from(p), List.of(sent));
    }

    private static void copySnapshot(AwsClients clients) {
        assertThrows(RuntimeException.class, () -> clients.ec2(Region.EU_WEST_1).copySnapshot(r -> r
                .sourceRegion("us-east-1").destinationRegion("eu-west-1").sourceSnapshotId("snap-0123")));
    }

    private static void copyDbSnapshot(AwsClients clients) {
        assertThrows(RuntimeException.class, () -> clients.rds(Region.EU_WEST_1).copyDBSnapshot(r -> r
                .sourceDBSnapshotIdentifier("arn:aws:rds:us-east-1:123456789012:snapshot:db-1")
                .targetDBSnapshotIdentifier("db-1").sourceRegion("us-east-1")));
    }

    private static void assertSignedForTheSource(Map<String, List<String>> url, String service) {
        assertTrue(url.get("X-Amz-Credential").get(0).matches("[^/]+/\\d{8}/us-east-1/" + service + "/aws4_request"),
                url.toString());
        assertEquals("eu-west-1", url.get("DestinationRegion").get(0));
        assertTrue(url.containsKey("X-Amz-Signature"));
    }

    @Test
    void againstAwsTheCopyIsPresignedForTheSourceRegionsOwnEndpoint() {
        Sent sent = new Sent();
        try (AwsClients clients = clients(sent)) {
            copySnapshot(clients);
            assertTrue(sent.presignedUrl("PresignedUrl").startsWith("https://ec2.us-east-1.amazonaws.com"),
                    sent.presignedUrl("PresignedUrl"));
            assertSignedForTheSource(sent.presigned("PresignedUrl"), "ec2");
            assertEquals("snap-0123", sent.presigned("PresignedUrl").get("SourceSnapshotId").get(0));

            copyDbSnapshot(clients);
            assertTrue(sent.presignedUrl("PreSignedUrl").startsWith("https://rds.us-east-1.amazonaws.com"),
                    sent.presignedUrl("PreSignedUrl"));
            assertSignedForTheSource(sent.presigned("PreSignedUrl"), "rds");
        }
    }

    @Test
    void behindAnEndpointOverrideTheCopyIsPresignedForTheOverride() {
        Sent sent = new Sent();
        try (AwsClients clients = clients(sent, "strata.aws.endpoint.ec2", "http://127.0.0.1:4566",
                "strata.aws.endpoint", "http://localhost:4510/aws")) {
            copySnapshot(clients);
            assertTrue(sent.presignedUrl("PresignedUrl").startsWith("http://127.0.0.1:4566/?"),
                    sent.presignedUrl("PresignedUrl"));
            assertSignedForTheSource(sent.presigned("PresignedUrl"), "ec2");
            assertEquals("CopySnapshot", sent.presigned("PresignedUrl").get("Action").get(0));
            assertEquals("snap-0123", sent.presigned("PresignedUrl").get("SourceSnapshotId").get(0));

            copyDbSnapshot(clients);
            assertTrue(sent.presignedUrl("PreSignedUrl").startsWith("http://localhost:4510/aws?"),
                    sent.presignedUrl("PreSignedUrl"));
            assertSignedForTheSource(sent.presigned("PreSignedUrl"), "rds");
            assertEquals("arn:aws:rds:us-east-1:123456789012:snapshot:db-1",
                    sent.presigned("PreSignedUrl").get("SourceDBSnapshotIdentifier").get(0));
        }
    }
}
