package io.strata.cli.output;

import io.strata.archive.ArchiveReport;
import io.strata.cluster.ClusterStatus;
import io.strata.hold.HoldOutcome;
import io.strata.hold.LegalHold;
import io.strata.monitor.PlanOverview;
import io.strata.monitor.RunHistory;
import io.strata.run.RunReport;
import io.strata.service.InterruptedRestore;
import io.strata.service.RestoreWindow;
import io.strata.text.Printable;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.VerificationReport;
import io.strata.vault.lock.Protection;
import io.strata.vault.lock.ProtectionCheck;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** Results as a person reads them: a table for {@code list}, one line per outcome elsewhere. */
public final class HumanOutput implements Output {

    static final List<String> HISTORY_COLUMNS = List.of("STARTED", "TRIGGER", "PLAN", "RUN", "OK", "FAILED", "DURATION");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss VV");
    static final List<String> LIST_COLUMNS = List.of("RECOVERY POINT", "RESOURCE", "PLAN", "MODE", "FINISHED", "ITEMS",
            "SIZE", "STORAGE", "GFS");

    private final PrintStream out;

    public HumanOutput(PrintStream out) {
        this.out = out;
    }

    /** The recovery points under a header, aligned; then the restores left incomplete. */
    @Override
    public void list(ListResult result) {
        if (result.points().isEmpty()) {
            out.println("No recovery points.");
        } else {
            Table table = new Table(LIST_COLUMNS, false, false, false, false, false, true, true, false, false);
            for (ListResult.Entry entry : result.points()) {
                RecoveryPoint point = entry.point();
                // A planted descriptor may name anything: keys, resources and plans are shown escaped.
                table.row(Printable.of(entry.address()), Printable.of(point.resource()),
                        point.plan() == null ? "-" : Printable.of(point.plan()),
                        mode(point), String.valueOf(Times.iso(point.finishedAt())),
                        String.format("%,d", point.itemCount()), Bytes.human(point.bytes()), entry.storage(),
                        (entry.planNotConfigured() ? "plan " + Printable.of(point.plan()) + ": " + entry.gfs() : entry.gfs())
                                + (entry.held() ? ", HELD" : ""));
            }
            table.lines().forEach(out::println);
        }
        if (!result.interrupted().isEmpty()) {
            out.println();
            out.println("Interrupted restores (incomplete targets; finish each with its command, or delete it):");
            for (InterruptedRestore restore : result.interrupted()) {
                out.printf("  %s  restore of %s  finish: %s%n", Printable.of(restore.target()),
                        Printable.of(restore.source()), Printable.of(restore.finish()));
            }
        }
        if (!result.windows().isEmpty()) {
            out.println();
            out.println("Point-in-time recovery (restore RESOURCE --to NEW --point-in-time TIME|latest):");
            for (RestoreWindow window : result.windows()) {
                out.printf("  %s  %s%n", Printable.of(window.resource()), window.note() != null
                        ? Printable.of(window.note())
                        : "earliest " + Times.iso(window.earliest()) + "  latest " + Times.iso(window.latest()));
            }
        }
    }

    @Override
    public void runs(List<RunReport> reports) {
        reports.forEach(report -> out.print(report.summary()));
    }

    @Override
    public void verification(VerificationReport report) {
        // The bucket too: the same key can be verified in the vault and in a plan's second vault.
        out.printf("%s %s%s: %s%n", report.status(), Printable.of(report.recoveryPoint()),
                report.bucket() == null ? "" : " in s3://" + report.bucket(), Printable.of(report.extent()));
        report.findings().forEach(problem -> out.println("  " + Printable.of(problem)));
    }

    @Override
    public void restore(RestoreResult result) {
        out.println(result.restored());
    }

    @Override
    public void archive(List<ArchiveReport> reports) {
        reports.forEach(report -> new ArchiveText(out).print(report));
        if (reports.isEmpty()) {
            out.println("No plan configured: nothing to archive.");
        }
    }

    /** One line per protection (OK, MISSING or UNKNOWN), the fix under each missing one, then the verdict. */
    @Override
    public void vaultCheck(VaultCheckResult result) {
        out.println("Vault bucket " + result.vault() + (result.prefix().isEmpty() ? "" : " (prefix " + result.prefix() + ")"));
        for (ProtectionCheck check : result.checks()) {
            String name = check.protection().setting() + (result.required().contains(check.protection()) ? " (required)" : "");
            out.printf("%-8s %-36s %s%n", check.status(), name, check.detail());
            if (!check.fix().isBlank()) {
                out.printf("%-8s %-36s fix: %s%n", "", "", check.fix());
            }
        }
        List<String> missing = result.missing();
        List<String> requiredMissing = result.requiredMissing();
        out.println(missing.isEmpty() ? "Every protection is in place."
                : missing.size() + " of " + result.checks().size() + " missing: " + String.join(", ", missing)
                + (requiredMissing.isEmpty() ? "; none of them is required (" + Protection.REQUIRE_KEY + ")"
                : "; required (" + Protection.REQUIRE_KEY + "): " + String.join(", ", requiredMissing)));
    }

    /**
     * The mode, and for a point restored with others (an incremental export) its place in their chain; a full
     * export that follows a gap in its chain says so, as a restore never spans that gap.
     */
    private static String mode(RecoveryPoint point) {
        String mode = point.mode() == null ? "-" : Printable.of(point.mode());
        if (point.afterGap().isPresent()) {
            return mode + ", new chain after a gap";
        }
        return point.needs().isEmpty() ? mode : mode + ", incremental " + point.needs().size();
    }

    /** The last line of a forget: what goes was listed before the question. */
    @Override
    public void forget(ForgetResult result) {
        if (result.forgotten()) {
            out.println("Forgot " + Printable.of(result.recoveryPoint()));
        }
    }

    /** One line per node: when it last checked in, whether it is late, what it runs now. */
    @Override
    public void clusterStatus(ClusterStatusResult result) {
        Instant now = result.now();
        out.println(result.nodes().size() + " instance(s) checked in");
        for (ClusterStatus.Node node : result.nodes()) {
            out.printf("%-40s checked in %s ago (every %s)%s; %s%n", node.instance(),
                    seconds(Duration.between(node.lastCheckin(), now)), seconds(node.checkinInterval()),
                    node.late(now) ? ", LATE: taken for dead" : "", running(node, now));
        }
    }

    @Override
    public void status(StatusResult result) {
        new MonitorText(out).status(result);
    }

    @Override
    public void audit(AuditResult result) {
        new MonitorText(out).audit(result);
    }

    @Override
    public void cost(CostResult result) {
        CostText.print(out, result);
    }

    private static String running(ClusterStatus.Node node, Instant now) {
        if (node.running().isEmpty()) {
            return "running nothing";
        }
        return "running " + node.running().stream().map(r -> r.name() + " (for " + seconds(Duration.between(r.since(), now))
                + (r.recovering() ? ", recovered from a dead instance" : "") + ")").collect(Collectors.joining(", "));
    }

    private static String seconds(Duration duration) {
        return Math.max(0, duration.toSeconds()) + "s";
    }

    @Override
    public void hold(HoldOutcome outcome) {
        boolean hold = outcome.action().equals("hold");
        out.printf("%s %s: %d object(s), %d tagged %s%s%n", hold ? "Held" : "Released",
                Printable.of(outcome.recoveryPoint()), outcome.objects(), outcome.tagged(),
                hold ? "out of every lifecycle rule" : "back for the next archive pass",
                outcome.objectLock() ? ", S3 legal hold " + (hold ? "ON" : "OFF") + " on each" : "");
        for (LegalHold each : outcome.holds()) {
            out.println("  " + (hold ? "" : "released: ") + each.id() + " " + Printable.of(each.describe()));
        }
    }

    @Override
    public void plans(List<PlanOverview.Plan> plans) {
        if (plans.isEmpty()) {
            out.println("No plans (strata.plan.<name>.cron and .resources).");
        }
        for (PlanOverview.Plan plan : plans) {
            out.printf("%s  %s (%s, %s)%n", Printable.of(plan.name()), plan.words(), plan.cron(), plan.zone());
            ZoneId zone = ZoneId.of(plan.zone());
            out.println("  next:      " + plan.next().stream().map(t -> TIME.format(t.atZone(zone)))
                    .collect(Collectors.joining(", ")));
            out.println("  retention: " + plan.retention() + "; tiering: " + plan.tiering() + " (" + plan.tieringMode()
                    + ")");
            out.println("  selects:   " + Printable.of(String.join(", ", plan.selectors())) + " -> "
                    + (plan.resources().isEmpty() ? "nothing" : Printable.of(String.join(", ", plan.resources()))));
            plan.problems().forEach(problem -> out.println("  problem:   " + Printable.of(problem)));
        }
    }

    @Override
    public void history(RunHistory.History history) {
        if (history.runs().isEmpty()) {
            out.println("No runs.");
        } else {
            Table table = new Table(HISTORY_COLUMNS, false, false, false, false, true, true, true);
            for (RunReport run : history.runs()) {
                table.row(String.valueOf(Times.iso(run.startedAt())), Printable.of(run.trigger()),
                        run.plan() == null ? "-" : Printable.of(run.plan()), Printable.of(run.runId()),
                        String.valueOf(RunHistory.History.ok(run)), String.valueOf(RunHistory.History.failed(run)),
                        String.format("%.1f s", seconds(run)));
            }
            table.lines().forEach(out::println);
        }
        if (history.truncated()) {
            out.println("(older runs not read: at most " + RunHistory.MAX_READS + " run reports are read per query)");
        }
    }

    /** A run's duration to the tenth of a second, as both renderers print it. */
    static double seconds(RunReport run) {
        return run.finishedAt() == null ? 0 : Math.round(Duration.between(run.startedAt(), run.finishedAt()).toMillis()
                / 100.0) / 10.0;
    }
}
