package io.strata.config;

import io.strata.exit.UsageException;

/** A setting is missing or has a bad value; the message names the key and the value. Bad usage: exit code 2. */
public class SettingsException extends UsageException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
