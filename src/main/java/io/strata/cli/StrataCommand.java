package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.exit.ExitCode;
import io.strata.exit.UsageException;
import io.strata.service.BackupService;
import io.strata.service.StopSignal;
import io.strata.text.Printable;
import io.strata.version.StrataVersion;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;

/** The top command: {@code strata [--config FILE] [-Dkey=value…] COMMAND}; its subcommands open the composition through it. */
// INHERIT: every subcommand answers --version as strata does (each declares its own --help).
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = StrataCommand.Version.class,
        scope = ScopeType.INHERIT, description = "Backup pipelines for AWS data services.")
public final class StrataCommand {

    /** Every command, in the order {@code strata --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, RunCommand.class, BackupCommand.class,
            ListCommand.class, VerifyCommand.class, RestoreCommand.class, ArchiveCommand.class, ForgetCommand.class,
            VaultCommand.class, ClusterCommand.class, StatusCommand.class, AuditCommand.class, HoldCommand.class,
            ReleaseCommand.class, PlansCommand.class, HistoryCommand.class, CostCommand.class,
            HelpCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties layered over application.properties.")
    Path config;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Overrides one setting, e.g. -Dstrata.vault.bucket=b.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Mixin
    QuietOption quiet;

    /** Set by SIGTERM or Ctrl-C; long work checks it and stops cleanly. */
    private final StopSignal stop = new StopSignal();

    /** Services composed beside the built-in ones (a test's own service): restored, and their options offered. */
    private final List<BackupService> added;

    public StrataCommand() {
        this(List.of());
    }

    public StrataCommand(List<BackupService> added) {
        this.added = List.copyOf(added);
    }

    public StopSignal stop() {
        return stop;
    }

    /** The folder holding application.properties and routes/ (the launcher sets strata.home). */
    public static Path home() {
        return Path.of(System.getProperty("strata.home", ".")).toAbsolutePath().normalize();
    }

    public Composition open(boolean forceLocal, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(extra);
        all.putAll(overrides);
        return Composition.open(home(), config, all, forceLocal, stop, true, added);
    }

    public Composition open() {
        return open(false, Map.of());
    }

    /**
     * For the short read-only commands (list, status, history, plans, audit): their SDK clients share one lean HTTP
     * client, which loads a fraction of the classes of the daemon's pooled one ({@link Composition#openShort}).
     */
    public Composition openShort() {
        return Composition.openShort(home(), config, new LinkedHashMap<>(overrides), stop, true, added);
    }

    /** For the daemon: the vault's checks run while Camel starts ({@link Composition#openWhileStarting}). */
    public Composition openWhileStarting() {
        return Composition.openWhileStarting(home(), config, new LinkedHashMap<>(overrides), stop, added);
    }

    /**
     * Without the vault's start-up checks (Object Lock settings, strata.vault.require): for {@code strata vault check},
     * a short read-only command as {@link #openShort()} is.
     */
    public Composition openUnchecked() {
        return Composition.openShort(home(), config, new LinkedHashMap<>(overrides), stop, false, added);
    }

    /**
     * The command line with Strata's error handling: a failed command prints its reason and exits 1,
     * bad usage (picocli's parse errors, a {@link UsageException} such as a bad setting or no credentials)
     * prints its reason and exits 2.
     */
    public static CommandLine commandLine() {
        return commandLine(new StrataCommand());
    }

    public static CommandLine commandLine(StrataCommand strata) {
        return commandLine(strata, null);
    }

    /**
     * The command line for {@code args}: with the commands they name only, or every command when they name
     * none or ask for {@code help} ({@code strata}, {@code strata --help}, a typo, which picocli then answers
     * with the nearest command). Picocli reads every command's annotations, options and mixins when it is
     * added: all of them took a fifth of the Java time of {@code strata list}, which needs one.
     */
    public static CommandLine commandLine(StrataCommand strata, String[] args) {
        CommandLine commandLine = new CommandLine(strata);
        commandsFor(args).forEach(commandLine::addSubcommand);
        CommandLine restore = commandLine.getSubcommands().get("restore");
        if (restore != null) {
            RestoreCommand.declare(restore, Services.restoreOptions(strata.added));
        }
        commandLine.setParameterExceptionHandler(new UsageErrors());
        commandLine.setExecutionStrategy(parsed -> QuietOption.during(QuietOption.asked(parsed),
                () -> new RunLast().execute(parsed)));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A usage error wrapped by a route or the SDK is reported by its own message, not the wrapper's.
            String message = UsageException.find(e).map(Throwable::getMessage).orElse(e.getMessage());
            cmd.getErr().println("strata: " + Printable.of(message));
            cmd.getErr().flush();
            LoggerFactory.getLogger(StrataCommand.class).debug("Command failed", e);
            return ExitCode.of(e).code();
        });
        return commandLine;
    }

    /** The commands {@code args} name (an argument equal to a command's name); all of them for none or help. */
    static List<Class<?>> commandsFor(String[] args) {
        if (args == null) {
            return COMMANDS;
        }
        List<String> given = Arrays.asList(args);
        List<Class<?>> named = COMMANDS.stream().filter(c -> given.contains(c.getAnnotation(Command.class).name())).toList();
        return named.isEmpty() || named.contains(HelpCommand.class) ? COMMANDS : named;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"strata " + StrataVersion.get()};
        }
    }
}
