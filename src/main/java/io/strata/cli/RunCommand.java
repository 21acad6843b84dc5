package io.strata.cli;

import io.strata.Strata;
import io.strata.StrataRuntime;
import io.strata.config.SettingsException;
import io.strata.plan.BackupPlan;
import io.strata.run.BackupRequest;
import io.strata.run.RunReport;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code strata run}: the daemon (every plan on its schedule), or one plan now with {@code --once}. */
@Command(name = "run", description = "Run all plans on their schedules (daemon), or --plan NAME --once now.")
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Strata strata;

    @Option(names = "--plan", paramLabel = "NAME", description = "Only this plan.")
    String plan;

    @Option(names = "--once", description = "Run now and exit instead of scheduling.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        try (StrataEnvironment environment = strata.open(); StrataRuntime runtime = environment.runtime()) {
            List<BackupPlan> plans = plan == null ? environment.plans().plans() : List.of(environment.plans().require(plan));
            if (plans.isEmpty()) {
                throw new SettingsException("No plan configured: declare strata.plan.<name>.cron and "
                        + "strata.plan.<name>.resources");
            }
            if (once) {
                boolean success = true;
                for (BackupPlan each : plans) {
                    RunReport report = runtime.run(BackupRequest.of(each.name(), each.resources(), environment.clock().instant()));
                    System.out.print(report.summary());
                    success &= report.success();
                }
                return success ? 0 : Strata.FAILED;
            }
            runtime.schedulePlans();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "strata-shutdown"));
            System.out.println("Strata running " + plans.size() + " plan(s); Ctrl-C to stop.");
            stopped.await();
            return 0;
        }
    }
}
