package io.strata.cli.output;

import io.strata.dynamodb.cost.BackupCosts;
import io.strata.dynamodb.cost.CostCase;
import io.strata.dynamodb.cost.Prices;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code strata cost} for a person: what was assumed, one row per mode, then the restores. */
final class CostText {

    private CostText() {
    }

    static void print(PrintStream out, CostResult result) {
        CostCase c = result.input();
        out.printf(Locale.ROOT, "DynamoDB backup costs a month: a %,.0f GiB table, %s %% of it written a day, every "
                        + "point kept %d days, vault tiering %s%n", c.tableGib(), number(c.dailyChange() * 100),
                c.keepDays(), c.tiering().isBlank() ? "none" : c.tiering());
        out.println("US East list prices recorded " + Prices.RECORDED + " (" + Prices.SOURCE + ")");
        Table modes = new Table(List.of("mode", "runs", "backups", "PITR", "held GiB", "storage", "total"),
                false, true, true, true, true, true, true);
        for (BackupCosts.Mode mode : result.modes()) {
            modes.row(mode.name(), String.format(Locale.ROOT, "%.1f", mode.runs()), dollars(mode.backups()),
                    dollars(mode.pitr()), String.format(Locale.ROOT, "%,.0f", mode.heldGib()), dollars(mode.storage()),
                    dollars(mode.total()));
        }
        modes.lines().forEach(out::println);
        out.printf(Locale.ROOT, "Restoring the whole table once (items of %s KiB):%n", number(c.itemKib()));
        for (BackupCosts.Restore restore : result.restores()) {
            out.printf(Locale.ROOT, "  %-38s %s%n", restore.name(), dollars(restore.dollars()));
        }
    }

    static String dollars(double amount) {
        return String.format(Locale.ROOT, "$%,.2f", amount);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
