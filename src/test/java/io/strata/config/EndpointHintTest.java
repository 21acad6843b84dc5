package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * An unreachable endpoint is named with its service and the setting that points there (port 1 refuses at once).
 * The calls still take every retry; only the pauses between them are short, as the message is the point here.
 */
class EndpointHintTest {

    private static AwsClients clients(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("strata.aws.region", "us-east-1");
        p.setProperty("strata.aws.retry.max-backoff", "10ms");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "test"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "test"));
        return new AwsClients(StrataSettings.from(p));
    }

    @Test
    void aServiceEndpointIsNamedWithItsOwnSetting() {
        try (AwsClients clients = clients("strata.aws.endpoint.dynamodb", "http://127.0.0.1:1")) {
            SdkClientException error = assertThrows(SdkClientException.class, () -> clients.dynamoDb().listTables());

            assertTrue(error.getMessage().startsWith("Cannot reach DynamoDb at http://127.0.0.1:1/ "
                    + "(set by strata.aws.endpoint.dynamodb): "), error.getMessage());
        }
    }

    @Test
    void theCommonEndpointIsNamedWhenNoServiceEndpointIsSet() {
        try (AwsClients clients = clients("strata.aws.endpoint", "http://127.0.0.1:1")) {
            SdkClientException error = assertThrows(SdkClientException.class,
                    () -> clients.s3().headBucket(r -> r.bucket("vault")));

            assertTrue(error.getMessage().startsWith("Cannot reach S3 at http://127.0.0.1:1/ (set by strata.aws.endpoint): "),
                    error.getMessage());
        }
    }
}
