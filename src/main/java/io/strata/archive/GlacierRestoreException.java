package io.strata.archive;

/** Archived objects that cannot be read now, with what to do about it. */
public class GlacierRestoreException extends RuntimeException {

    public GlacierRestoreException(String message) {
        super(message);
    }

    public GlacierRestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
