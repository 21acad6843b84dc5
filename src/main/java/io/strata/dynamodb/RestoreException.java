package io.strata.dynamodb;

/** A restore was refused or did not write every item; the message says which and how many. */
public class RestoreException extends RuntimeException {
    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
