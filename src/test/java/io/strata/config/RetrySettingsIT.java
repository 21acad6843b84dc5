package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.FaultProxy;
import io.strata.support.FaultProxy.Call;
import io.strata.support.FaultProxy.Fault;
import io.strata.support.TestAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * S3 writes ride out a burst of 503 SlowDown within {@code strata.aws.retry.*}: ten attempts by
 * default (the SDK's own default gave up after four, in 3.6 s), fewer when the setting says so.
 */
class RetrySettingsIT {

    private static final String[] FAST = {"strata.aws.retry.max-backoff", "50ms"};
    private static String bucket;
    private static FaultProxy proxy;

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("retry");
        try (AwsClients direct = TestAws.clients(TestAws.settings(bucket))) {
            TestAws.vault(direct, TestAws.settings(bucket));
        }
        proxy = FaultProxy.start(TestAws.services().s3Endpoint());
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static AwsClients through(String... extra) {
        String[] all = new String[extra.length + 4];
        System.arraycopy(extra, 0, all, 0, extra.length);
        System.arraycopy(new String[] {"strata.aws.endpoint.s3", proxy.endpoint().toString(), FAST[0], FAST[1]}, 0, all,
                extra.length, 4);
        return TestAws.clients(TestAws.settings(bucket, all));
    }

    private static void put(AwsClients clients, String key) {
        clients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("burst"));
    }

    @Test
    void aBurstOfSlowDownOnWritesIsRiddenOutByDefault() {
        int before = proxy.injected(Fault.S3_SLOW_DOWN);
        proxy.off().injectFirst(Fault.S3_SLOW_DOWN, Call.s3Write(), 7);
        try (AwsClients clients = through()) {
            put(clients, "after-burst");
        }
        assertEquals(7, proxy.injected(Fault.S3_SLOW_DOWN) - before, "the burst was sent");
    }

    @Test
    void fewerAttemptsGiveUpSooner() {
        proxy.off().injectFirst(Fault.S3_SLOW_DOWN, Call.s3Write(), 4);
        try (AwsClients clients = through("strata.aws.retry.max-attempts", "3")) {
            SdkException error = assertThrows(SdkException.class, () -> put(clients, "given-up"));
            assertTrue(error.getMessage().contains("SlowDown") || error.getMessage().contains("reduce your request rate"),
                    error.getMessage());
        }
        proxy.off();
    }

    @Test
    void badValuesAreNamed() {
        SettingsException attempts = assertThrows(SettingsException.class,
                () -> new AwsClients(TestAws.settings(bucket, "strata.aws.retry.max-attempts", "0")));
        assertTrue(attempts.getMessage().contains("strata.aws.retry.max-attempts"), attempts.getMessage());
        SettingsException backoff = assertThrows(SettingsException.class,
                () -> new AwsClients(TestAws.settings(bucket, "strata.aws.retry.max-backoff", "soon")));
        assertTrue(backoff.getMessage().contains("strata.aws.retry.max-backoff"), backoff.getMessage());
    }
}
