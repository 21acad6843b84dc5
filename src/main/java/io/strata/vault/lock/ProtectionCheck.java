package io.strata.vault.lock;

/**
 * What {@code strata vault check} found for one protection.
 *
 * @param detail what the bucket has, or what is missing and why it matters
 * @param fix    the AWS CLI command that adds it to this bucket; blank when a setting is what to change
 */
public record ProtectionCheck(Protection protection, Status status, String detail, String fix) {

    /** UNKNOWN: the bucket's configuration could not be read (the reason is in the detail). */
    public enum Status { OK, MISSING, UNKNOWN }

    public boolean ok() {
        return status == Status.OK;
    }

    static ProtectionCheck ok(Protection protection, String detail) {
        return new ProtectionCheck(protection, Status.OK, detail, "");
    }

    static ProtectionCheck missing(Protection protection, String detail, String fix) {
        return new ProtectionCheck(protection, Status.MISSING, detail, fix);
    }
}
