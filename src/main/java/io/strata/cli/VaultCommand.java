package io.strata.cli;

import io.strata.app.Composition;
import io.strata.cli.output.OutputOptions;
import io.strata.cli.output.VaultCheckResult;
import io.strata.exit.ExitCode;
import io.strata.vault.lock.BucketProtections;
import io.strata.vault.lock.Protection;
import io.strata.vault.lock.ProtectionCheck;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParentCommand;

/** {@code strata vault check}: the vault bucket's own protections. */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "The vault bucket itself.", subcommands = VaultCommand.Check.class)
public final class VaultCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    /** {@code strata vault} alone: bad usage, naming the subcommand it takes. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: strata vault check");
    }

    /** One line per protection (OK, MISSING or UNKNOWN), the fix under each missing one; exit 1 when a required one is missing. */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Report the vault bucket's protections (versioning, MFA delete, Object Lock, "
            + "default encryption, public access block, lifecycle rules aborting incomplete uploads and, on a versioned "
            + "bucket, expiring noncurrent versions), each missing one with "
            + "the AWS CLI command that adds it. Exit code 1 when one that strata.vault.require names is missing.")
    public static final class Check implements Callable<Integer> {

        @ParentCommand
        VaultCommand vault;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            // Without the start-up checks: this command reports what they would refuse.
            try (Composition environment = vault.strata.openUnchecked()) {
                Set<Protection> required = Protection.required(environment.vaultSettings().require());
                List<ProtectionCheck> checks = BucketProtections.of(environment.vault(), environment.clock()).checkAll();
                VaultCheckResult result = new VaultCheckResult(environment.vault().bucket(), environment.vault().prefix(),
                        checks, required);
                output.output().vaultCheck(result);
                return ExitCode.of(result.ok()).code();
            }
        }
    }
}
