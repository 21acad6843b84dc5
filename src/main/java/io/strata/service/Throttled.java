package io.strata.service;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Retries a control-plane call that AWS throttled (Throttling, RequestLimitExceeded,
 * ResourceLimitExceeded ...) with exponential backoff and full jitter, as AWS recommends; any other
 * error, or the last attempt's, is thrown as it is.
 */
public final class Throttled {

    private final int attempts;
    private final Duration base;
    private final Duration cap;
    private final Predicate<AwsServiceException> throttling;

    public Throttled(int attempts, Duration base, Duration cap, Predicate<AwsServiceException> throttling) {
        this.attempts = attempts;
        this.base = base;
        this.cap = cap;
        this.throttling = throttling;
    }

    /** The error codes AWS control planes use for throttling. */
    public static Predicate<AwsServiceException> codes(String... codes) {
        Set<String> set = Set.of(codes);
        // An answer without an error code (a bare HTTP 500) has a null code, which Set.of refuses to look up.
        return e -> e.isThrottlingException() || (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                && set.contains(e.awsErrorDetails().errorCode()));
    }

    public <T> T call(Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (AwsServiceException e) {
                if (attempt >= attempts || !throttling.test(e)) {
                    throw e;
                }
                sleep(attempt);
            }
        }
    }

    private void sleep(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off a throttled AWS call", e);
        }
    }
}
