package io.strata.app;

import io.strata.retention.ArchivePolicies;
import io.strata.archive.Archivist;
import io.strata.thaw.Thaw;
import io.strata.thaw.ThawSettings;
import io.strata.copies.VaultCopies;
import io.strata.run.Recoveries;
import io.strata.run.RunService;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The beans the route files name ({@code ref: runs}, {@code #ec2Client}, …), bound in one place as
 * camel-examples' {@code main-yaml} binds its own: one {@link BindToRegistry} method per bean the routes
 * call, and {@link #configure} for the SDK clients that Camel components share with the services (bound
 * only for the services present, and never closed by Camel: the composition owns them).
 */
final class RouteBeans implements CamelConfiguration {

    private final Composition composition;
    private final VaultCopies copies;
    private final RunService runs;

    RouteBeans(Composition composition) {
        this.composition = composition;
        ArchivePolicies policies = composition.archivePolicies();
        copies = new VaultCopies(policies, composition.vault(), composition.regionalS3(),
                composition.vaultSettings().createBucket(), composition.stop()::requested);
        runs = new RunService(composition.plans(), composition.services(), composition.vault(), composition.clock());
        runs.afterCommit(copies::copyCommitted);
    }

    /** {@code direct:run-request}'s steps: plan to request, request to resources, outcomes to the run report. */
    @BindToRegistry("runs")
    public RunService runs() {
        return runs;
    }

    /** {@code direct:restore-request} and {@code direct:verify-request}, thawing archived objects as asked. */
    @BindToRegistry("recoveries")
    public Recoveries recoveries() {
        return new Recoveries(composition.services(), composition.vault(), new Thaw(
                ThawSettings.from(composition.settings().properties()), composition.clock(),
                composition.stop()));
    }

    /** {@code direct:archive} and the daily archive trigger. */
    @BindToRegistry("archivist")
    public Archivist archivist() {
        return new Archivist(composition.plans(), composition.archivePolicies(), composition.services(),
                composition.vault(), composition.clock(), composition.stop(), copies);
    }

    @Override
    public void configure(CamelContext context) {
        Services.routeBeans(composition.services()).forEach(context.getRegistry()::bind);
    }
}
