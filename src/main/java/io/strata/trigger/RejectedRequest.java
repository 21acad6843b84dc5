package io.strata.trigger;

/**
 * A request file that is not a valid request: its reason goes beside it and the file to {@code failed/}.
 * It carries the action the file asked for once the parser has read it ({@code "backup"}, or an unknown
 * {@code "drop-table"}), so that the outcome names it; null when the file names none (not JSON, no action).
 */
public final class RejectedRequest extends RuntimeException {

    private final String action;

    public RejectedRequest(String reason) {
        this(reason, (String) null);
    }

    public RejectedRequest(String reason, String action) {
        super(reason);
        this.action = action;
    }

    public RejectedRequest(String reason, Throwable cause) {
        super(reason, cause);
        this.action = null;
    }

    /** The action asked, or null when the file names none. */
    public String action() {
        return action;
    }

    /** The same rejection, naming the action the file asked for. */
    RejectedRequest asking(String asked) {
        RejectedRequest named = new RejectedRequest(getMessage(), asked);
        named.initCause(getCause());
        return named;
    }
}
