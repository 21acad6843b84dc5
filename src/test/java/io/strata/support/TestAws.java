package io.strata.support;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.RawScanItems;
import io.strata.local.LocalAws;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The embedded DynamoDB Local and S3 server, started once for the whole test JVM on free loopback
 * ports and stopped by a shutdown hook. Each test takes fresh bucket and table names.
 */
public final class TestAws {

    private static LocalAws aws;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private TestAws() {
    }

    public static synchronized LocalAws services() {
        if (aws == null) {
            aws = LocalAws.start();
            Runtime.getRuntime().addShutdownHook(new Thread(aws::close, "test-aws-stop"));
        }
        return aws;
    }

    /** Settings pointing at the embedded services, with {@code extra} key/value pairs over them. */
    public static Properties properties(String bucket, String... extra) {
        Properties properties = new Properties();
        properties.putAll(services().settings());
        properties.setProperty("strata.vault.bucket", bucket);
        properties.setProperty("strata.vault.create-bucket", "true");
        properties.setProperty("strata.vault.part-size-mib", "5");
        for (int i = 0; i < extra.length; i += 2) {
            properties.setProperty(extra[i], extra[i + 1]);
        }
        return properties;
    }

    public static StrataSettings settings(String bucket, String... extra) {
        return StrataSettings.from(properties(bucket, extra));
    }

    /** With DynamoDB's raw Scan items, as the composition builds them, and {@code interceptors}. */
    public static AwsClients clients(StrataSettings settings, ExecutionInterceptor... interceptors) {
        List<ExecutionInterceptor> all = new ArrayList<>(List.of(interceptors));
        all.add(new RawScanItems());
        return new AwsClients(settings, all);
    }

    public static Vault vault(AwsClients clients, StrataSettings settings) {
        Vault vault = Vault.from(clients.s3(), clients::kms, settings, java.time.Clock.systemUTC());
        vault.checkBucket(true);
        return vault;
    }

    /** A name no other test uses in this JVM (S3 and DynamoDB accept it). */
    public static String unique(String base) {
        return base + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }
}
