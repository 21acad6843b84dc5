package io.strata.rds;

import io.strata.service.Failures;
import io.strata.service.Throttled;
import java.time.Duration;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** How RDS errors are told apart and shown: the AWS error code and message, never just a class name. */
final class RdsErrors {

    /** The codes RDS throttles with (Throttling for most calls, RequestLimitExceeded for some). */
    static final Predicate<AwsServiceException> THROTTLING = Throttled.codes("Throttling", "ThrottlingException",
            "RequestLimitExceeded");

    private RdsErrors() {
    }

    static Throttled throttled(RdsSettings settings) {
        return new Throttled(settings.throttleAttempts(), settings.throttleBase(), Duration.ofSeconds(20), THROTTLING);
    }

    /** {@code DBInstanceNotFound: DBInstance nope not found.} */
    static String describe(SdkException e) {
        return e instanceof AwsServiceException aws ? Failures.aws(aws) : Failures.reason(e);
    }

    static String code(AwsServiceException e) {
        return Failures.code(e);
    }
}
