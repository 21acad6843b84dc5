package io.strata.cli;

import io.strata.app.Composition;
import io.strata.cli.output.AuditResult;
import io.strata.cli.output.OutputOptions;
import io.strata.copies.VaultCopies;
import io.strata.exit.ExitCode;
import io.strata.monitor.Audit;
import io.strata.monitor.AuditSettings;
import io.strata.monitor.Inventory;
import io.strata.monitor.SecondCopies;
import io.strata.monitor.StatusReader;
import io.strata.monitor.Verifications;
import io.strata.retention.ArchivePolicies;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code strata audit [--plan P]}: the backup controls, each PASS or FAIL with its reason; exit 1 on any FAIL. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check each plan against the controls AWS Backup "
        + "Audit Manager evaluates: backup frequency (strata.audit.min-frequency), retention (strata.audit.min-retention), "
        + "encrypted objects, a second copy, a restore test within 31 days, and the vault's versioning and Object Lock. "
        + "Each PASS or FAIL with the reason; exit code 1 on any FAIL.")
public final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Mixin
    OutputOptions output;

    @Option(names = "--plan", paramLabel = "NAME", description = "Only this plan's controls (and the vault's).")
    String plan;

    @Override
    public Integer call() {
        try (Composition environment = strata.openShort()) {
            if (plan != null) {
                environment.plans().require(plan);
            }
            Inventory inventory = new Inventory(environment.plans(), environment.services(), environment.vault());
            StatusReader status = new StatusReader(inventory, new Verifications(environment.vault()),
                    environment.settings().properties(), environment.clock());
            ArchivePolicies policies = environment.archivePolicies();
            // Never creates the second vault: an audit only looks.
            VaultCopies copies = new VaultCopies(policies, environment.vault(), environment.regionalS3(), false,
                    environment.stop()::requested);
            Audit audit = new Audit(environment.plans(), inventory, status, policies::of,
                    new SecondCopies(policies::of, copies, environment.settings().properties()),
                    AuditSettings.from(environment.settings().properties()), environment.vault(), environment.clock());
            AuditResult result = new AuditResult(environment.clock().instant(), audit.run(plan));
            output.output().audit(result);
            return ExitCode.of(result.ok()).code();
        }
    }
}
