package io.strata.thaw;

import io.strata.vault.StorageTier;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** How long each retrieval tier takes, as AWS documents it, for the messages that ask for a choice. */
final class RetrievalTimes {

    private RetrievalTimes() {
    }

    /** e.g. "from DEEP_ARCHIVE Standard takes up to 12 h, Bulk up to 48 h at a lower price, Expedited is not offered". */
    static String of(Set<StorageTier> classes) {
        return new TreeSet<>(classes).stream().map(RetrievalTimes::of).collect(Collectors.joining("; "));
    }

    private static String of(StorageTier tier) {
        return switch (tier) {
            case GLACIER -> "from GLACIER Expedited takes 1-5 min, Standard 3-5 h, Bulk 5-12 h (no retrieval fee)";
            case DEEP_ARCHIVE -> "from DEEP_ARCHIVE Standard takes up to 12 h, Bulk up to 48 h at a lower price, "
                    + "Expedited is not offered";
            default -> tier + " is read directly";
        };
    }
}
