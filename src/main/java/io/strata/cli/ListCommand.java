package io.strata.cli;

import io.strata.Services;
import io.strata.Strata;
import io.strata.plan.ResourceSelector;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code strata list [SELECTOR]}: the committed recovery points. */
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
            Listing listing = parsed == null ? environment.vault().list(p -> true)
                    : environment.vault().list(parsed.service(), p -> environment.services().matches(p, parsed));
            print(listing);
            return listing.problems().isEmpty() ? 0 : Strata.FAILED;
        }
    }

    /** The recovery points on stdout; each unreadable descriptor on stderr, by key. */
    public static void print(Listing listing) {
        if (listing.points().isEmpty()) {
            System.out.println("No recovery points.");
        }
        for (RecoveryPoint point : listing.points()) {
            System.out.printf("%s  %s  %,d items  %,d bytes  %s%n", point.key(), point.resource(), point.itemCount(),
                    point.bytes(), point.finishedAt());
        }
        for (String problem : listing.problems()) {
            System.err.println("strata: unreadable recovery point " + problem);
        }
    }
}
