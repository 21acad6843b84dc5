package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.cli.output.HumanOutput;
import io.strata.cli.output.ListResult;
import io.strata.dynamodb.TableComparison;
import io.strata.exit.ExitCode;
import io.strata.local.DemoTable;
import io.strata.plan.BackupPlan;
import io.strata.run.BackupRequest;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import io.strata.service.BackupService;
import io.strata.service.RestoreRequest;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.VerificationReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code strata demo}: the whole pipeline on embedded AWS. Seeds a sample table, runs the demo plan
 * through the routes, lists, verifies, restores into a new table and compares item by item.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Back up, verify and restore a sample table on embedded DynamoDB Local and S3.")
public final class DemoCommand implements Callable<Integer> {

    private static final String PLAN = "demo";
    private static final String RESTORED = DemoTable.NAME + "-restored";

    @ParentCommand
    StrataCommand strata;

    @Option(names = "--items", defaultValue = "20000", description = "Items in the sample table (default ${DEFAULT-VALUE}).")
    int items;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (items < 1) {
            throw new ParameterException(spec.commandLine(), "--items must be at least 1, not " + items);
        }
        Map<String, String> demo = Map.of(
                "strata.vault.bucket", "strata-demo-vault",
                "strata.plan." + PLAN + ".cron", "0 0 3 * * ?",
                "strata.plan." + PLAN + ".resources", "dynamodb:" + DemoTable.NAME + "*");
        try (Composition environment = strata.open(true, demo); StrataRuntime runtime = environment.runtime().start()) {
            var dynamoDb = environment.clients().dynamoDb();
            step("1/6 seeding " + DemoTable.NAME + " with " + items + " items (every DynamoDB type, 4 items ~390 KB)");
            DemoTable table = new DemoTable(dynamoDb);
            table.dropIfPresent(RESTORED);
            table.dropIfPresent(DemoTable.NAME);
            table.create(items);

            step("2/6 running plan '" + PLAN + "' (" + environment.plans().require(PLAN).resources() + ")");
            BackupPlan plan = environment.plans().require(PLAN);
            RunReport report = runtime.run(BackupRequest.of(BackupRequest.CLI, PLAN, plan.resources(), environment.clock().instant()));
            System.out.print(report.summary());
            if (!report.success() || report.outcomes().isEmpty()) {
                return ExitCode.FAILED.code();
            }
            ResourceOutcome backup = report.outcomes().get(0);

            step("3/6 listing recovery points");
            Listing listing = environment.vault().list(p -> true);
            HumanOutput human = new HumanOutput(System.out);
            human.list(ListResult.of(environment.vault().bucket(), "", listing, environment.archivePolicies()
                    .gfsLabels(listing.points(), environment.clock().instant()), List.of()));
            ListCommand.printProblems(listing);

            step("4/6 verifying " + backup.recoveryPoint());
            RecoveryPoint point = environment.vault().read(RecoveryPointKey.parse(backup.recoveryPoint()));
            BackupService service = environment.services().of(point);
            VerificationReport verification = service.verify(environment.vault(), point);
            human.verification(verification);

            step("5/6 restoring into " + RESTORED);
            String restore = service.restore(environment.vault(), point, new RestoreRequest(RESTORED, Map.of()));

            step("6/6 comparing " + DemoTable.NAME + " with " + RESTORED + " item by item");
            TableComparison.Result comparison = new TableComparison(dynamoDb, 4)
                    .compare(DemoTable.NAME, RESTORED, DemoTable.schema().keyNames());
            boolean success = verification.ok() && comparison.identical();

            System.out.println();
            System.out.println("== Strata demo summary ==");
            System.out.printf("Export : %,d items, %,d bytes (gzip) in %.1fs = %,.0f items/s%n", backup.items(),
                    backup.bytes(), backup.seconds(), backup.items() / Math.max(backup.seconds(), 0.001));
            System.out.printf("Vault  : s3://%s/%s (%s)%n", environment.vault().bucket(), backup.recoveryPoint(),
                    environment.vaultSettings().sse());
            System.out.printf("Verify : %s (%d files, %,d items)%n", verification.ok() ? "OK" : "FAILED",
                    verification.files(), verification.items());
            System.out.println("Restore: " + restore);
            System.out.printf("Compare: %s (source %,d, restored %,d, missing %d, different %d, extra %d)%s%n",
                    comparison.identical() ? "IDENTICAL" : "DIFFERENT", comparison.sourceItems(),
                    comparison.targetItems(), comparison.missing(), comparison.different(), comparison.extra(),
                    comparison.examples().isEmpty() ? "" : " e.g. " + comparison.examples());
            System.out.println(success ? "Demo succeeded." : "Demo FAILED.");
            return ExitCode.of(success).code();
        }
    }

    private static void step(String text) {
        System.out.println();
        System.out.println("== " + text);
    }
}
