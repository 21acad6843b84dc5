package io.strata.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * SNS's Publish over loopback HTTP in the Query protocol ({@link QueryServer}), so the real {@link SnsClient}
 * runs its whole pipeline (marshalling, signing, endpoint override) as it would against LocalStack. It keeps
 * what was published; with {@link #refuse} it answers AuthorizationError, as SNS does to a role without
 * {@code sns:Publish}.
 */
public final class FakeSns implements AutoCloseable {

    private final List<PublishRequest> published = new ArrayList<>();
    private final QueryServer server;
    private volatile boolean refuse;

    public FakeSns() {
        server = new QueryServer("sns", false, SnsClient.class, region -> Optional.of(this));
    }

    /** For strata.aws.endpoint.sns. */
    public URI endpoint() {
        return server.endpoint();
    }

    public void refuse() {
        refuse = true;
    }

    public synchronized List<PublishRequest> published() {
        return List.copyOf(published);
    }

    /** The operation the server dispatches {@code Action=Publish} to. */
    public synchronized PublishResponse publish(PublishRequest request) {
        if (refuse) {
            throw SnsException.builder().statusCode(403).message("not authorized to publish").awsErrorDetails(
                    AwsErrorDetails.builder().errorCode("AuthorizationError").errorMessage("not authorized to publish")
                            .serviceName("SNS").build()).build();
        }
        published.add(request);
        return PublishResponse.builder().messageId("message-" + published.size()).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
