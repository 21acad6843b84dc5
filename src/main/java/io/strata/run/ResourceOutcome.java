package io.strata.run;

/** How backing up one resource ended; {@code recoveryPoint} is null on failure, {@code error} on success. */
public record ResourceOutcome(String resource, boolean success, String recoveryPoint, long items, long bytes,
                              double seconds, String error) {

    public static ResourceOutcome failed(String resource, String error) {
        return new ResourceOutcome(resource, false, null, 0, 0, 0, error);
    }
}
