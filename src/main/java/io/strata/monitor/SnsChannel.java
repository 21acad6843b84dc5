package io.strata.monitor;

import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes to an SNS topic through the SDK's client, built on the first message (AwsClients owns and closes it). */
final class SnsChannel implements NotificationChannel {

    private final String topicArn;
    private final Supplier<SnsClient> sns;

    SnsChannel(String topicArn, Supplier<SnsClient> sns) {
        this.topicArn = topicArn;
        this.sns = sns;
    }

    @Override
    public String describe() {
        return "SNS topic " + topicArn;
    }

    @Override
    public void send(Notification notification) {
        sns.get().publish(r -> r.topicArn(topicArn).subject(notification.subject()).message(notification.text()));
    }
}
