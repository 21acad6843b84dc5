package io.strata.run;

/**
 * How backing up one resource ended; {@code error} is null on success. {@code recoveryPoint} is null on
 * failure, unless the recovery point was committed and a step after it failed (its second copy).
 */
public record ResourceOutcome(String resource, boolean success, String recoveryPoint, long items, long bytes,
                              double seconds, String error) {

    public static ResourceOutcome failed(String resource, String error) {
        return new ResourceOutcome(resource, false, null, 0, 0, 0, error);
    }
}
