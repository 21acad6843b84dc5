package io.strata.vault;

import java.util.List;

/** What {@code Vault.list} found: the readable recovery points, and one problem per unreadable descriptor. */
public record Listing(List<RecoveryPoint> points, List<String> problems) {

    public Listing {
        points = List.copyOf(points);
        problems = List.copyOf(problems);
    }
}
