package io.strata.cluster;

/** The cluster database cannot be used: unreachable, refused, or its tables cannot be created. */
public final class ClusterException extends RuntimeException {

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
