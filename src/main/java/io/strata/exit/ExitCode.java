package io.strata.exit;

/**
 * The process exit codes every command returns, as the README's table promises them. Bad usage is
 * told apart from failed work so that a script can tell "fix the command" from "look at the run".
 */
public enum ExitCode {
    /** Everything asked succeeded (every resource of the report OK). */
    OK(0),
    /** Some of what was asked failed; the output says what. */
    FAILED(1),
    /** Bad usage: an argument, option, setting or missing credentials; the message names it. Nothing was done. */
    USAGE(2),
    /**
     * {@code verify} only: nothing read differs from its record, but some file could not be read (the
     * network or S3 failed every retry). Not a verdict on the data: verify again later, delete nothing.
     */
    UNREADABLE(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ExitCode of(boolean success) {
        return success ? OK : FAILED;
    }

    /** USAGE when {@code error} or one of its causes is a {@link UsageException}, else FAILED. */
    public static ExitCode of(Throwable error) {
        return UsageException.find(error).isPresent() ? USAGE : FAILED;
    }
}
