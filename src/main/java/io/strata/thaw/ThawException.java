package io.strata.thaw;

/** Archived objects that cannot be read now, with what to do about it. */
public class ThawException extends RuntimeException {

    public ThawException(String message) {
        super(message);
    }

    public ThawException(String message, Throwable cause) {
        super(message, cause);
    }
}
