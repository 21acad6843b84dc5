package io.strata.cli.output;

import io.strata.monitor.Ages;
import io.strata.monitor.AuditControl;
import io.strata.monitor.ResourceState;
import io.strata.monitor.Verification;
import io.strata.text.Printable;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code status} and {@code audit} for a person: a table, then each thing that is not OK with its reason. */
final class MonitorText {

    static final List<String> STATUS_COLUMNS = List.of("RESOURCE", "PLAN", "STATUS", "NEWEST RECOVERY POINT", "AGE", "MODE",
            "STORAGE", "VERIFIED", "RESTORE TEST");

    private final PrintStream out;

    MonitorText(PrintStream out) {
        this.out = out;
    }

    void status(StatusResult result) {
        if (result.resources().isEmpty()) {
            out.println("No resource: no plan, or no plan's selectors match anything.");
            return;
        }
        Table table = new Table(STATUS_COLUMNS, false, false, false, false, true, false, false, false, false);
        for (ResourceState state : result.resources()) {
            boolean point = state.newest() != null;
            // A planted descriptor may name anything: keys and modes are shown escaped.
            table.row(Printable.of(state.resource()), Printable.of(state.plan()), state.status().name(),
                    point ? Printable.of(state.newest().key()) : "-", point ? Ages.of(state.age()) : "-",
                    point ? Printable.of(String.valueOf(state.newest().mode())) : "-", point ? state.storage() + (state.held() ? ", HELD" : "") : "-",
                    check(state.lastVerification(), result.asOf()), check(state.lastRestoreTest(), result.asOf()));
        }
        table.lines().forEach(out::println);
        long ok = result.resources().stream().filter(ResourceState::ok).count();
        out.println();
        for (ResourceState state : result.resources()) {
            if (!state.ok()) {
                out.println(state.status() + " " + Printable.of(state.resource()) + " (plan " + Printable.of(state.plan())
                        + "): " + Printable.of(state.reason()));
            }
        }
        out.println(ok == result.resources().size() ? "All " + ok + " resource(s) OK."
                : ok + " of " + result.resources().size() + " resource(s) OK.");
    }

    /** {@code OK 2h ago}, {@code OK (contents archived, not read) 2h ago}, {@code CORRUPT 1d 3h ago}, or {@code never}. */
    private static String check(Verification record, Instant asOf) {
        if (record == null) {
            return "never";
        }
        return record.status() + (record.notRead() == null ? "" : " (contents archived, not read)") + " "
                + Ages.of(Duration.between(record.finishedAt(), asOf)) + " ago";
    }

    void audit(AuditResult result) {
        for (AuditControl control : result.controls()) {
            out.printf("%-4s  %-16s  %-12s  %s%n", control.pass() ? "PASS" : "FAIL", control.control(),
                    control.plan() == null ? "(vault)" : Printable.of(control.plan()), Printable.of(control.reason()));
        }
        long failed = result.controls().stream().filter(c -> !c.pass()).count();
        out.println(failed == 0 ? "All " + result.controls().size() + " controls pass."
                : failed + " of " + result.controls().size() + " controls fail.");
    }
}
