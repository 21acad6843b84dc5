package io.strata.text;

/**
 * An exception as a reason a user reads: its message, or, when it has none (an {@code EOFException}
 * from a cut gzip stream, a bare {@code NullPointerException}), its class's simple name, never "null".
 */
public final class ErrorText {

    private ErrorText() {
    }

    public static String of(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
