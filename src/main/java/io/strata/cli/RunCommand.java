package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.StrataRuntime;
import io.strata.archive.ArchiveCron;
import io.strata.monitor.VerifySchedule;
import io.strata.cli.output.OutputOptions;
import io.strata.config.SettingsException;
import io.strata.exit.ExitCode;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import io.strata.trigger.RequestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata run}: the chosen plans (all, or {@code --plan}) on their schedules, or now with {@code --once}. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run all plans (or --plan NAME) on their schedules, or now with --once.")
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Option(names = "--plan", paramLabel = "NAME", description = "Only this plan.")
    String plan;

    @Option(names = "--once", description = "Run now and exit instead of scheduling.")
    boolean once;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (output.json() && !once) {
            // The daemon reports each run in the vault and on JMX; its stdout is no single result to parse.
            throw new ParameterException(spec.commandLine(), "--json reports a run: it takes --once");
        }
        try (Composition environment = strata.openWhileStarting(); StrataRuntime runtime = (once ? environment.runtime()
                : environment.runtime().serveMonitoring()).start()) {
            RequestSettings requests = RequestSettings.from(environment.settings().properties());
            boolean triggersOnly = !once && plan == null && environment.plans().plans().isEmpty()
                    && (requests.bucket().isPresent() || requests.inbox().isPresent());
            List<BackupPlan> plans = triggersOnly ? List.of() : chosenPlans(environment.plans(), plan);
            if (once) {
                List<RunReport> reports = new ArrayList<>();
                for (BackupPlan each : plans) {
                    reports.add(runtime.run(BackupRequest.of(BackupRequest.CLI, each.name(), each.resources(),
                            environment.clock().instant())));
                }
                output.output().runs(reports);
                return ExitCode.of(reports.stream().allMatch(RunReport::success)).code();
            }
            runtime.schedulePlans(plans);
            if (!plans.isEmpty()) {
                runtime.scheduleArchive(ArchiveCron.read(environment.settings().properties()));
                runtime.scheduleVerify(VerifySchedule.read(environment.settings().properties()));
            }
            runtime.startSchedules();
            List<String> triggers = runtime.startRequestTriggers(requests, environment.clients(),
                    environment.stop()::requested);
            System.out.println("Strata running " + plans.size() + " plan(s)"
                    + (triggers.isEmpty() ? "" : " and request trigger(s) " + triggers) + "; Ctrl-C to stop.");
            runtime.monitoringAddress().ifPresent(address -> System.out.println("Metrics and health at " + address));
            environment.stop().await();
            System.out.println("Strata stopped: runs in progress were stopped cleanly, nothing half-committed.");
            return ExitCode.OK.code();
        }
    }

    /** The plans both modes run: the one named by {@code --plan}, else all of them. */
    static List<BackupPlan> chosenPlans(PlanCatalog catalog, String plan) {
        List<BackupPlan> plans = plan == null ? catalog.plans() : List.of(catalog.require(plan));
        if (plans.isEmpty()) {
            throw new SettingsException("No plan configured: declare strata.plan.<name>.cron and "
                    + "strata.plan.<name>.resources");
        }
        return plans;
    }
}
