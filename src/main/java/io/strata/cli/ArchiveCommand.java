package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.archive.ArchiveDecision;
import io.strata.archive.ArchiveReport;
import io.strata.archive.Archivist;
import io.strata.tiering.LifecycleSummary;
import io.strata.vault.StorageTier;
import io.strata.exit.ExitCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata archive [--plan P] [--dry-run] [--as-of T]}: one archive pass, each decision with its reason. */
@Command(name = "archive", mixinStandardHelpOptions = true, description = "Apply each plan's retention and tiering now: keep, move to a colder "
        + "class, or expire each recovery point, and say why.")
public final class ArchiveCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Option(names = "--plan", paramLabel = "NAME", description = "Only this plan.")
    String plan;

    @Option(names = "--dry-run", description = "Decide and print, change nothing.")
    boolean dryRun;

    @Option(names = "--as-of", paramLabel = "TIME", description = "Evaluate the policy at this instant, e.g. "
            + "2027-03-01T00:00:00Z (default: now).")
    String asOf;

    @Override
    public Integer call() throws Exception {
        Instant at = instant();
        try (Composition environment = strata.open(); StrataRuntime runtime = environment.runtime().start()) {
            if (plan != null) {
                environment.plans().require(plan);
            }
            List<ArchiveReport> reports = runtime.archive(new Archivist.ArchiveOrder(plan, at, dryRun));
            reports.forEach(ArchiveCommand::print);
            if (reports.isEmpty()) {
                System.out.println("No plan configured: nothing to archive.");
            }
            return ExitCode.of(reports.stream().allMatch(ArchiveReport::ok)).code();
        }
    }

    private Instant instant() {
        if (asOf == null) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--as-of must be an ISO-8601 instant such as "
                    + "2027-03-01T00:00:00Z, not '" + asOf + "'");
        }
        if (!dryRun && at.isAfter(Instant.now())) {
            // A pass dated in the future expires recovery points before their time: only ever a preview.
            throw new ParameterException(spec.commandLine(), "--as-of " + asOf + " is in the future: a pass then would "
                    + "expire recovery points early; add --dry-run to see what it will do");
        }
        return at;
    }

    static void print(ArchiveReport report) {
        System.out.printf("Plan %s, vault s3://%s, as of %s%s%n", report.plan(), report.bucket(), report.asOf(),
                report.dryRun() ? " (dry run: nothing changed)" : "");
        for (ArchiveReport.Outcome outcome : report.outcomes()) {
            ArchiveDecision decision = outcome.decision();
            if (outcome.keptLocked()) {
                // Due to expire, but not expired: said apart, with the date it can go.
                System.out.printf("  %-6s %s  %s; kept whole: %s%n", "LOCKED", decision.point().key(), decision.why(),
                        outcome.detail());
                continue;
            }
            String move = decision.action() == ArchiveDecision.Action.EXPIRE ? "deleted"
                    : decision.toMove().isEmpty() ? decision.now().name() : decision.now() + " -> " + decision.target();
            System.out.printf("  %-6s %s  %s; %s; %s/month%s%n", decision.action(), decision.point().key(), decision.why(),
                    move, saving(outcome.monthlySaving()), status(outcome));
        }
        report.copied().forEach(key -> System.out.println((report.dryRun() ? "  TO COPY " : "  COPIED  ") + key
                + "  (missing here: copied from the plan's vault, checked, descriptor last)"));
        report.problems().forEach(problem -> System.out.println("  PROBLEM " + problem));
        printLifecycle(report);
        System.out.println("  " + report.totals());
        Map<StorageTier, Long> before = report.bytesBefore();
        Map<StorageTier, Long> after = report.bytesAfter();
        for (StorageTier tier : EnumSet.allOf(StorageTier.class)) {
            if (before.containsKey(tier) || after.containsKey(tier)) {
                System.out.printf("  %-12s %s -> %s%n", tier, Bytes.human(before.getOrDefault(tier, 0L)),
                        Bytes.human(after.getOrDefault(tier, 0L)));
            }
        }
        System.out.printf("  monthly cost %s -> %s (S3 us-east-1 list prices, storage only)%n",
                dollars(report.monthlyCostBefore()), dollars(report.monthlyCostAfter()));
    }

    /** The plan's bucket lifecycle rules (tiering-mode=lifecycle): in a dry run, the rules it would put. */
    private static void printLifecycle(ArchiveReport report) {
        LifecycleSummary lifecycle = report.lifecycle();
        if (!lifecycle.active()) {
            return;
        }
        String state = report.dryRun() ? (lifecycle.changed() ? "would put" : "in place, unchanged")
                : (lifecycle.writes() > 0 ? "put (" + lifecycle.writes() + " write(s))" : "in place, unchanged")
                + ", " + lifecycle.objectsTagged() + " object tag set(s) written";
        System.out.printf("  lifecycle rules of s3://%s for plan %s: %s%n", report.bucket(), report.plan(), state);
        if (report.dryRun() || lifecycle.changed()) {
            lifecycle.describedRules().forEach(rule -> System.out.println("    " + rule));
        }
        lifecycle.removed().forEach(id -> System.out.println("    " + (report.dryRun() ? "would remove " : "removed ") + id));
        if (!lifecycle.note().isEmpty()) {
            System.out.println("    " + lifecycle.note());
        }
    }

    private static String status(ArchiveReport.Outcome outcome) {
        return switch (outcome.status()) {
            case PLANNED -> "";
            case DONE -> outcome.detail().isEmpty() ? "" : "  (" + outcome.detail() + ")";
            case LEFT -> "  LEFT WHOLE: " + outcome.detail();
            case FAILED -> "  FAILED: " + outcome.detail();
        };
    }

    private static String saving(double dollarsPerMonth) {
        return (dollarsPerMonth >= 0 ? "saves " : "costs ") + dollars(Math.abs(dollarsPerMonth));
    }

    private static String dollars(double amount) {
        return amount >= 100 ? String.format("$%,.0f", amount) : String.format("$%.4f", amount);
    }
}
