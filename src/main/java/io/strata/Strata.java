package io.strata;

import io.strata.cli.ArchiveCommand;
import io.strata.cli.BackupCommand;
import io.strata.cli.DemoCommand;
import io.strata.cli.ListCommand;
import io.strata.cli.RestoreCommand;
import io.strata.cli.RunCommand;
import io.strata.cli.StrataEnvironment;
import io.strata.cli.UsageErrors;
import io.strata.cli.VaultCommand;
import io.strata.cli.VerifyCommand;
import io.strata.exit.ExitCode;
import io.strata.exit.UsageException;
import io.strata.service.BackupService;
import io.strata.service.StopSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Option;

/** The command line: {@code strata [--config FILE] [-Dkey=value…] COMMAND}. */
// INHERIT: every subcommand answers --version as strata does (each declares its own --help).
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = Strata.Version.class,
        scope = ScopeType.INHERIT, description = "Backup pipelines for AWS data services.",
        subcommands = {DemoCommand.class, RunCommand.class, BackupCommand.class, ListCommand.class,
                VerifyCommand.class, RestoreCommand.class, ArchiveCommand.class, VaultCommand.class, HelpCommand.class})
public final class Strata {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties layered over application.properties.")
    Path config;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Overrides one setting, e.g. -Dstrata.vault.bucket=b.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** How long a signal waits for the work to stop cleanly before the JVM exits anyway (143). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    /** Set by SIGTERM or Ctrl-C; long work checks it and stops cleanly. */
    final StopSignal stop = new StopSignal();

    /** Services composed beside the built-in ones (a test's own service): restored, and their options offered. */
    private final List<BackupService> added;

    public Strata() {
        this(List.of());
    }

    public Strata(List<BackupService> added) {
        this.added = List.copyOf(added);
    }

    /** The folder holding application.properties and routes/ (the launcher sets strata.home). */
    public static Path home() {
        return Path.of(System.getProperty("strata.home", ".")).toAbsolutePath().normalize();
    }

    public StrataEnvironment open(boolean forceLocal, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(extra);
        all.putAll(overrides);
        return StrataEnvironment.open(home(), config, all, forceLocal, stop, true, added);
    }

    public StrataEnvironment open() {
        return open(false, Map.of());
    }

    /** Without the vault's start-up checks (Object Lock settings, strata.vault.require): for {@code strata vault check}. */
    public StrataEnvironment openUnchecked() {
        return StrataEnvironment.open(home(), config, new LinkedHashMap<>(overrides), false, stop, false, added);
    }

    /**
     * The command line with Strata's error handling: a failed command prints its reason and exits 1,
     * bad usage (picocli's parse errors, a {@link UsageException} such as a bad setting or no credentials)
     * prints its reason and exits 2.
     */
    public static CommandLine commandLine() {
        return commandLine(new Strata());
    }

    public static CommandLine commandLine(Strata strata) {
        CommandLine commandLine = new CommandLine(strata);
        RestoreCommand.declare(commandLine.getSubcommands().get("restore"), Services.restoreOptions(strata.added));
        commandLine.setParameterExceptionHandler(new UsageErrors());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A usage error wrapped by a route or the SDK is reported by its own message, not the wrapper's.
            String message = UsageException.find(e).map(Throwable::getMessage).orElse(e.getMessage());
            cmd.getErr().println("strata: " + message);
            cmd.getErr().flush();
            LoggerFactory.getLogger(Strata.class).debug("Command failed", e);
            return ExitCode.of(e).code();
        });
        return commandLine;
    }

    public static void main(String[] args) {
        Strata strata = new Strata();
        GracefulExit exit = GracefulExit.install(strata.stop, STOP_GRACE);
        exit.exit(commandLine(strata).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"strata " + StrataVersion.get()};
        }
    }
}
