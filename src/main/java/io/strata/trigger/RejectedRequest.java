package io.strata.trigger;

/** A request file that is not a valid request: its reason goes beside it and the file to {@code failed/}. */
public final class RejectedRequest extends RuntimeException {

    public RejectedRequest(String reason) {
        super(reason);
    }

    public RejectedRequest(String reason, Throwable cause) {
        super(reason, cause);
    }
}
