package io.strata.cli;

import io.strata.app.Services;
import io.strata.cli.output.ClusterStatusResult;
import io.strata.cli.output.OutputOptions;
import io.strata.cluster.ClusterSettings;
import io.strata.cluster.ClusterStatus;
import io.strata.config.SettingsCheck;
import io.strata.config.SettingsException;
import io.strata.config.SettingsKeys;
import io.strata.config.SettingsLoader;
import io.strata.exit.ExitCode;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata cluster status}: the instances sharing {@code strata.cluster.jdbc-url}. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "The instances sharing one schedule "
        + "(strata.cluster.jdbc-url).", subcommands = ClusterCommand.Status.class)
public final class ClusterCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    /** {@code strata cluster} alone: bad usage, naming the subcommand it takes. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: strata cluster status");
    }

    /** One line per node: when it last checked in, whether it is late, what it runs now. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the instances that checked in "
            + "(when, and whether one is late: then its schedules and runs move to another) and the plans each runs now. "
            + "Exit code 1 when an instance is late.")
    public static final class Status implements Callable<Integer> {

        @ParentCommand
        ClusterCommand cluster;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            // The settings alone: asking the database needs no AWS client, credentials or vault.
            SettingsKeys keys = Services.settings();
            SettingsLoader loader = SettingsLoader.fromProcess(keys);
            Properties properties = loader.load(StrataCommand.home(), cluster.strata.config);
            cluster.strata.overrides.forEach(properties::setProperty);
            new SettingsCheck(keys).check(properties, loader.origins());
            ClusterSettings settings = ClusterSettings.from(properties).orElseThrow(() ->
                    new SettingsException("No cluster configured: set strata.cluster.jdbc-url (README, "
                            + "\"Running several instances\")"));
            List<ClusterStatus.Node> nodes = ClusterStatus.read(settings);
            ClusterStatusResult result = new ClusterStatusResult(Instant.now(), nodes);
            output.output().clusterStatus(result);
            return ExitCode.of(result.ok()).code();
        }
    }
}
