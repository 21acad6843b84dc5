package io.strata.config;

/** A setting is missing or has a bad value; the message names the key and the value. */
public class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
