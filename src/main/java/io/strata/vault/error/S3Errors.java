package io.strata.vault.error;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** One way to name an S3 error in a message: {@code AccessDenied: Access Denied [HTTP 403]}. */
public final class S3Errors {

    private S3Errors() {
    }

    public static String describe(S3Exception e) {
        var details = e.awsErrorDetails();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode() + ": ";
        String message = details == null || details.errorMessage() == null ? String.valueOf(e.getMessage()) : details.errorMessage();
        return code + message + " [HTTP " + e.statusCode() + "]";
    }

    public static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
