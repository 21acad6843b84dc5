package io.strata.cli;

import io.strata.app.Composition;
import io.strata.cli.output.OutputOptions;
import io.strata.exit.ExitCode;
import io.strata.monitor.PlanOverview;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code strata plans}: each plan, its schedule in words and next fire times, retention, tiering, resources now. */
@Command(name = "plans", mixinStandardHelpOptions = true, description = {
        "List the plans: cron in words and the next three fire times (strata.schedule.time-zone), retention, tiering, "
                + "and what the selectors resolve to right now (a dry run: nothing is backed up).",
        "Exit 1 when a selector matches nothing or a service cannot be reached (said per plan)."})
public final class PlansCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        try (Composition environment = strata.openShort()) {
            List<PlanOverview.Plan> plans = new PlanOverview(environment.plans(), environment.archivePolicies(),
                    environment.services(), environment.clock()).plans();
            output.output().plans(plans);
            return ExitCode.of(plans.stream().allMatch(p -> p.problems().isEmpty())).code();
        }
    }
}
