package io.strata.cli.output;

import io.strata.archive.ArchiveDecision;
import io.strata.archive.ArchiveReport;
import io.strata.tiering.LifecycleSummary;
import io.strata.vault.StorageTier;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Map;

/** One archive pass as a person reads it: each decision with its reason, then bytes and cost per class. */
final class ArchiveText {

    private final PrintStream out;

    ArchiveText(PrintStream out) {
        this.out = out;
    }

    void print(ArchiveReport report) {
        out.printf("Plan %s, vault s3://%s, as of %s%s%n", report.plan(), report.bucket(), Times.iso(report.asOf()),
                report.dryRun() ? " (dry run: nothing changed)" : "");
        for (ArchiveReport.Outcome outcome : report.outcomes()) {
            ArchiveDecision decision = outcome.decision();
            if (outcome.keptLocked()) {
                // Due to expire, but not expired: said apart, with the date it can go.
                out.printf("  %-6s %s  %s; kept whole: %s%n", "LOCKED", decision.point().key(), decision.why(),
                        outcome.detail());
                continue;
            }
            String move = decision.action() == ArchiveDecision.Action.EXPIRE ? "deleted"
                    : decision.toMove().isEmpty() ? decision.now().name() : decision.now() + " -> " + decision.target();
            out.printf("  %-6s %s  %s; %s; %s/month%s%n", decision.action(), decision.point().key(), decision.why(),
                    move, saving(outcome.monthlySaving()), status(outcome));
        }
        report.copied().forEach(key -> out.println((report.dryRun() ? "  TO COPY " : "  COPIED  ") + key
                + "  (missing here: copied from the plan's vault, checked, descriptor last)"));
        report.problems().forEach(problem -> out.println("  PROBLEM " + problem));
        printLifecycle(report);
        out.println("  " + report.totals());
        Map<StorageTier, Long> before = report.bytesBefore();
        Map<StorageTier, Long> after = report.bytesAfter();
        for (StorageTier tier : EnumSet.allOf(StorageTier.class)) {
            if (before.containsKey(tier) || after.containsKey(tier)) {
                out.printf("  %-12s %s -> %s%n", tier, Bytes.human(before.getOrDefault(tier, 0L)),
                        Bytes.human(after.getOrDefault(tier, 0L)));
            }
        }
        out.printf("  monthly cost %s -> %s (S3 us-east-1 list prices, storage only)%n",
                dollars(report.monthlyCostBefore()), dollars(report.monthlyCostAfter()));
    }

    /** The plan's bucket lifecycle rules (tiering-mode=lifecycle): in a dry run, the rules it would put. */
    private void printLifecycle(ArchiveReport report) {
        LifecycleSummary lifecycle = report.lifecycle();
        if (!lifecycle.active()) {
            return;
        }
        String state = report.dryRun() ? (lifecycle.changed() ? "would put" : "in place, unchanged")
                : (lifecycle.writes() > 0 ? "put (" + lifecycle.writes() + " write(s))" : "in place, unchanged")
                + ", " + lifecycle.objectsTagged() + " object tag set(s) written";
        out.printf("  lifecycle rules of s3://%s for plan %s: %s%n", report.bucket(), report.plan(), state);
        if (report.dryRun() || lifecycle.changed()) {
            lifecycle.describedRules().forEach(rule -> out.println("    " + rule));
        }
        lifecycle.removed().forEach(id -> out.println("    " + (report.dryRun() ? "would remove " : "removed ") + id));
        if (!lifecycle.note().isEmpty()) {
            out.println("    " + lifecycle.note());
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
