package io.strata.cli;

import io.strata.Strata;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointAddress;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code strata verify RECOVERY_POINT}: its service checks everything the recovery point records. */
@Command(name = "verify", description = "Recompute MD5/SHA-256 and item counts of a recovery point.")
public final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    Strata strata;

    @Parameters(paramLabel = "RECOVERY_POINT", description = "As printed by 'strata list', or s3://bucket/key of one.")
    String recoveryPoint;

    @Override
    public Integer call() {
        RecoveryPointAddress address = RecoveryPointAddress.require(recoveryPoint);
        try (StrataEnvironment environment = strata.open()) {
            Vault holder = address.vault(environment.vault());
            RecoveryPoint point = holder.read(address.key());
            VerificationReport report = environment.services().of(point).verify(holder, point);
            print(report);
            return report.ok() ? 0 : Strata.FAILED;
        }
    }

    public static void print(VerificationReport report) {
        System.out.printf("%s %s: %d files, %,d items, %,d bytes%n", report.ok() ? "VERIFIED" : "CORRUPT",
                report.recoveryPoint(), report.files(), report.items(), report.bytes());
        report.problems().forEach(problem -> System.out.println("  " + problem));
    }
}
