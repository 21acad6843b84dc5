package io.strata.dynamodb;

/** An export failed; nothing of it was committed. */
public class ExportException extends RuntimeException {
    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
