package io.strata.vault.stream;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An object that could not be read to its end, every retry and resume spent: a fault of the network
 * or of S3, which says nothing about the stored bytes. Verify and restore report it as "could not be
 * read", never as content that differs from what was recorded.
 */
public final class UnreadableObjectException extends IOException {

    public UnreadableObjectException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when {@code error} or one of its causes is a read that failed on the way (this exception,
     * the SDK's client-side failure after its retries, an S3 5xx or throttling), not an answer about the object.
     */
    public static boolean in(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnreadableObjectException || cause instanceof SdkClientException) {
                return true;
            }
            if (cause instanceof S3Exception s3 && (s3.statusCode() >= 500 || s3.isThrottlingException())) {
                return true;
            }
        }
        return false;
    }
}
