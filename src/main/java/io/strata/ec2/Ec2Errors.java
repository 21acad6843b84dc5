package io.strata.ec2;

import io.strata.service.Failures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** EC2 errors as users read them: the AWS code and message. */
final class Ec2Errors {

    private Ec2Errors() {
    }

    /** {@code InvalidInstanceID.NotFound: The instance ID … does not exist}; never "null: null" (see {@link Failures#aws}). */
    static String describe(AwsServiceException e) {
        return Failures.aws(e);
    }

    static String code(Ec2Exception e) {
        return Failures.code(e);
    }
}
