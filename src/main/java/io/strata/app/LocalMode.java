package io.strata.app;

import io.strata.config.SettingsException;
import io.strata.local.LocalAws;
import java.util.Map;

/**
 * Local mode ({@code strata demo}, {@code strata.local=true}): the embedded DynamoDB Local and S3
 * server, which only {@code ./strata} adds to the classpath in that mode; production never loads them.
 */
final class LocalMode implements AutoCloseable {

    private final LocalAws aws;

    private LocalMode(LocalAws aws) {
        this.aws = aws;
    }

    static LocalMode start() {
        try {
            Class.forName("com.adobe.testing.s3mock.S3MockApplication");
            Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner");
        } catch (ClassNotFoundException e) {
            throw new SettingsException("Local mode (strata demo, strata.local=true) needs the embedded DynamoDB Local "
                    + "and S3 server on the classpath: start Strata with ./strata, which adds them", e);
        }
        return new LocalMode(LocalAws.start());
    }

    /** The endpoints and credentials of the embedded services, layered over every other setting. */
    Map<String, String> settings() {
        return aws.settings();
    }

    @Override
    public void close() throws Exception {
        aws.close();
    }
}
