package io.strata.cli;

import io.strata.app.Services;
import io.strata.exit.UsageException;
import io.strata.plan.ResourceSelector;
import io.strata.vault.RecoveryPointAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Positional arguments checked before anything starts: a value that names nothing valid is bad usage
 * (exit 2) whose message names the argument, not a failure of the work (exit 1).
 */
final class Arguments {

    private Arguments() {
    }

    /** A resource selector as its service's syntax takes it. */
    static ResourceSelector selector(CommandSpec spec, String text) {
        try {
            return Services.selectors().parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(spec, "SELECTOR", text, e);
        }
    }

    /** A recovery point as {@code strata list} prints it, or {@code s3://bucket/key} of one. */
    static RecoveryPointAddress recoveryPoint(CommandSpec spec, String text) {
        try {
            return RecoveryPointAddress.require(text);
        } catch (UsageException e) {
            throw usage(spec, "RECOVERY_POINT", text, e);
        }
    }

    /** The reason as given when it names the value, else prefixed with the argument and the value. */
    static ParameterException usage(CommandSpec spec, String label, String text, RuntimeException e) {
        String reason = e.getMessage() != null && e.getMessage().contains("'" + text.trim() + "'") ? e.getMessage()
                : "Invalid " + label + " '" + text + "': " + e.getMessage();
        return new ParameterException(spec.commandLine(), reason, e, null, text);
    }
}
