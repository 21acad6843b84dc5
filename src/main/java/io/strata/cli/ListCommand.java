package io.strata.cli;

import io.strata.Services;
import io.strata.Strata;
import io.strata.archive.StoredTiers;
import io.strata.plan.ResourceSelector;
import io.strata.service.ServiceRegistry;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code strata list [SELECTOR]}: the committed recovery points, newest first per resource, each with
 * where its data is stored and the GFS class its plan's retention gives it today.
 */
@Command(name = "list", description = "List committed recovery points, optionally of the selected resources.")
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    Strata strata;

    @Parameters(arity = "0..1", paramLabel = "SELECTOR")
    String selector;

    @Override
    public Integer call() {
        ResourceSelector parsed = selector == null ? null : Services.selectors().parse(selector);
        try (StrataEnvironment environment = strata.open()) {
            // A name or prefix selector reads only its resources' descriptors.
            Listing listing = parsed == null ? environment.vault().list(p -> true)
                    : environment.vault().list(parsed.service(), ServiceRegistry.folderPrefixes(List.of(parsed)),
                            key -> ServiceRegistry.mayHold(key, parsed),
                            p -> environment.services().matches(p, parsed));
            print(listing, environment.archivePolicies().gfsLabels(listing.points(), environment.clock().instant()));
            return listing.problems().isEmpty() ? 0 : Strata.FAILED;
        }
    }

    /** The recovery points on stdout; each unreadable descriptor on stderr, by key. */
    public static void print(Listing listing) {
        print(listing, Map.of());
    }

    static void print(Listing listing, Map<String, String> gfsLabels) {
        if (listing.points().isEmpty()) {
            System.out.println("No recovery points.");
        }
        for (RecoveryPoint point : listing.points()) {
            String storage = "snapshot".equals(point.mode()) ? "snapshots"
                    : StoredTiers.coldest(listing.objectsOf(point)).name();
            System.out.printf("%s  %s  %,d items  %,d bytes  %s  %s  %s%n", point.key(), point.resource(),
                    point.itemCount(), point.bytes(), point.finishedAt(), storage, gfsLabels.getOrDefault(point.key(), "-"));
        }
        for (String problem : listing.problems()) {
            System.err.println("strata: unreadable recovery point " + problem);
        }
    }
}
