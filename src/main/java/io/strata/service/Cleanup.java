package io.strata.service;

import java.util.List;

/**
 * What the cleanup of an uncommitted attempt did outside the vault: what it deleted, and what it
 * had to leave (each with its region, state and AWS's reason), so that the failure says both.
 */
public record Cleanup(List<String> deleted, List<String> left) {

    public Cleanup {
        deleted = List.copyOf(deleted);
        left = List.copyOf(left);
    }

    public boolean complete() {
        return left.isEmpty();
    }

    /** "deleted snapshot snap-1 in us-east-1; left snapshot snap-2 (pending) in eu-west-1: …". */
    public String summary() {
        if (deleted.isEmpty() && left.isEmpty()) {
            return "it had made nothing outside the vault";
        }
        return (deleted.isEmpty() ? "" : "deleted " + String.join(", ", deleted))
                + (deleted.isEmpty() || left.isEmpty() ? "" : "; ")
                + (left.isEmpty() ? "" : "left " + String.join(", ", left));
    }
}
