package io.strata.config;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * How long every AWS call rides out faults before it fails ({@code strata.aws.retry.*}). The SDK's
 * defaults gave an S3 write four attempts in 3.6 s, so a 30 s burst of 503 SlowDown failed a backup.
 * Here: the SDK's standard strategy (AWS's retryable errors and throttling codes), {@code maxAttempts}
 * attempts, exponential backoff with half jitter up to {@code maxBackoff}, starting at 100 ms and at
 * 1 s for throttling (SlowDown, ThrottlingException). With the defaults a throttled call waits at
 * least about 55 s in all before it gives up, any other fault about 23 s.
 * <p>
 * The circuit breaker (a retry quota shared by the client) is off: parallel segments and upload
 * parts under one throttling burst would empty it within seconds and then fail at once, which is
 * the failure these settings exist to prevent; {@code maxAttempts} still bounds every call.
 *
 * @param maxAttempts attempts per call, the first included
 * @param maxBackoff  the longest pause between two attempts
 */
public record AwsRetry(int maxAttempts, Duration maxBackoff) {

    public static final String MAX_ATTEMPTS = "strata.aws.retry.max-attempts";
    public static final String MAX_BACKOFF = "strata.aws.retry.max-backoff";
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration THROTTLED_BASE = Duration.ofSeconds(1);

    static final Setting ATTEMPTS = Setting.whole(MAX_ATTEMPTS, 10, 1, 100,
            "Attempts of every AWS call (the first included) through 503 SlowDown, throttling, 500s and resets");
    static final Setting BACKOFF = Setting.duration(MAX_BACKOFF, "20s",
            "Longest pause between two attempts (from 100 ms, 1 s when throttled, doubling with half jitter)");

    /** What every AWS client's retries read. */
    public static final List<Setting> SETTINGS = List.of(ATTEMPTS, BACKOFF);

    public static AwsRetry from(Properties p) {
        return new AwsRetry(ATTEMPTS.integer(p), BACKOFF.duration(p));
    }

    public RetryStrategy strategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(min(BASE), maxBackoff))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(min(THROTTLED_BASE), maxBackoff))
                .circuitBreakerEnabled(false)
                .build();
    }

    private Duration min(Duration base) {
        return base.compareTo(maxBackoff) < 0 ? base : maxBackoff;
    }
}
