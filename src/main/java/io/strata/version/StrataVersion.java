package io.strata.version;

/** The version recorded in every recovery point: the jar's, or "dev" when run from classes. */
public final class StrataVersion {

    private StrataVersion() {
    }

    public static String get() {
        String version = StrataVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
