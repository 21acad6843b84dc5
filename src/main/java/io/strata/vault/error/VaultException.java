package io.strata.vault.error;

/** The vault cannot be read or written, or holds something that is not what it claims. */
public class VaultException extends RuntimeException {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
