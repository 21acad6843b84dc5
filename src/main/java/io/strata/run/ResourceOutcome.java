package io.strata.run;

import io.strata.text.Printable;

/**
 * How backing up one resource ended; {@code error} is null on success. {@code recoveryPoint} is null on
 * failure, unless the recovery point was committed and a step after it failed (its second copy).
 *
 * @param made what the backup made, as its service says it ("1,200 items, 48,113 bytes"; snapshot ids, GiB
 *             and copies per region; AMIs); null on failure and in reports written before it was recorded
 */
public record ResourceOutcome(String resource, boolean success, String recoveryPoint, long items, long bytes,
                              double seconds, String error, String made) {

    /** A resource's name and an error (AWS echoes the names it is given) are kept printable: see {@link Printable}. */
    public ResourceOutcome {
        resource = Printable.of(resource);
        recoveryPoint = Printable.of(recoveryPoint);
        error = Printable.of(error);
        made = Printable.of(made);
    }

    public ResourceOutcome(String resource, boolean success, String recoveryPoint, long items, long bytes,
                           double seconds, String error) {
        this(resource, success, recoveryPoint, items, bytes, seconds, error, null);
    }

    public static ResourceOutcome failed(String resource, String error) {
        return new ResourceOutcome(resource, false, null, 0, 0, 0, error);
    }

    /** What the outcome line says was made. */
    public String described() {
        return made != null ? made : String.format("%,d items, %,d bytes", items, bytes);
    }
}
