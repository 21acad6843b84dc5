package io.strata;

import io.strata.cli.BackupCommand;
import io.strata.cli.DemoCommand;
import io.strata.cli.ListCommand;
import io.strata.cli.RestoreCommand;
import io.strata.cli.RunCommand;
import io.strata.cli.StrataEnvironment;
import io.strata.cli.UsageErrors;
import io.strata.cli.VerifyCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code strata [--config FILE] [-Dkey=value…] COMMAND}. */
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = Strata.Version.class,
        description = "Backup pipelines for AWS data services.",
        subcommands = {DemoCommand.class, RunCommand.class, BackupCommand.class, ListCommand.class,
                VerifyCommand.class, RestoreCommand.class})
public final class Strata {

    /** Exit code of a command whose work failed; picocli uses 2 for bad usage. */
    public static final int FAILED = 1;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties layered over application.properties.")
    Path config;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Overrides one setting, e.g. -Dstrata.vault.bucket=b.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The folder holding application.properties and routes/ (the launcher sets strata.home). */
    public static Path home() {
        return Path.of(System.getProperty("strata.home", ".")).toAbsolutePath().normalize();
    }

    public StrataEnvironment open(boolean forceLocal, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(extra);
        all.putAll(overrides);
        return StrataEnvironment.open(home(), config, all, forceLocal);
    }

    public StrataEnvironment open() {
        return open(false, Map.of());
    }

    /**
     * The command line with Strata's error handling: a failed command prints its reason and exits 1,
     * bad usage prints its reason and exits 2.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Strata());
        commandLine.setParameterExceptionHandler(new UsageErrors());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("strata: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(Strata.class).debug("Command failed", e);
            return FAILED;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // DynamoDB Local leaves a non-daemon thread behind; the exit code is the contract.
        System.exit(code);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"strata " + StrataVersion.get()};
        }
    }
}
