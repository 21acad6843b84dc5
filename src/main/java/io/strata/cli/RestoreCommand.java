package io.strata.cli;

import io.strata.app.Composition;
import io.strata.app.Services;
import io.strata.app.StrataRuntime;
import io.strata.cli.output.OutputOptions;
import io.strata.cli.output.RestoreResult;
import io.strata.thaw.ThawRetrieval;
import io.strata.exit.ExitCode;
import io.strata.run.Recoveries;
import io.strata.service.CommonRestoreOptions;
import io.strata.service.RestoreOption;
import io.strata.service.RestoreOptionCatalog;
import io.strata.service.RestoreRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code strata restore RECOVERY_POINT --to NAME} (or EC2's {@code --launch}, {@code --volume}): a recovery point through its service, or a
 * native export ({@code s3://bucket/prefix}) through the service that knows it. Its options beyond the
 * archive retrieval are the services' declarations ({@link #declare}): this class names none of them.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a recovery point through its service, or what a service restores from directly "
                + "(an s3://bucket/prefix native export, rds:instance/ID or rds:cluster/ID). "
                + "Each option below names the services that take it.")
public final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Parameters(paramLabel = "RECOVERY_POINT", description = "As printed by 'strata list', s3://bucket/prefix, or rds:instance/ID.")
    String source;

    @Spec
    CommandSpec spec;

    @Mixin
    RetrievalOptions archived;

    @Mixin
    OutputOptions output;

    private OptionSpec target;
    /** Each service option as declared, and the command-line option built from it. */
    private final Map<RestoreOption, OptionSpec> declared = new LinkedHashMap<>();
    /** The options given instead of a target ({@code --launch}), by the service that declares them. */
    private final Map<String, List<RestoreOption>> makers = new LinkedHashMap<>();

    /** Adds {@code --to} and every declared service option to the {@code restore} command line. */
    public static void declare(CommandLine restore, RestoreOptionCatalog catalog) {
        RestoreCommand command = restore.getCommand();
        command.target = option(CommonRestoreOptions.TARGET, CommonRestoreOptions.TARGET.help());
        restore.getCommandSpec().addOption(command.target);
        for (RestoreOption option : catalog.all()) {
            List<String> services = catalog.services(option);
            OptionSpec built = option(option, catalog.help(option).toArray(String[]::new));
            restore.getCommandSpec().addOption(built);
            command.declared.put(option, built);
            if (option.makes()) {
                services.forEach(service -> command.makers.computeIfAbsent(service, s -> new ArrayList<>())
                        .add(option));
            }
        }
    }

    /** A flag or an option with one value, checked as its declaration says when the command line is parsed. */
    private static OptionSpec option(RestoreOption option, String... description) {
        OptionSpec.Builder builder = OptionSpec.builder(option.option()).description(description);
        if (option.isFlag()) {
            return builder.arity("0").type(boolean.class).build();
        }
        return builder.arity("1").type(String.class).paramLabel(option.label()).converters(value -> {
            try {
                return option.checked(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }).build();
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> options = options();
        String to = target.getValue();
        if (to == null && makers.values().stream().flatMap(List::stream).noneMatch(o -> options.containsKey(o.name()))) {
            // Every restore needs a target of some kind; which one a service takes is its own check.
            throw new ParameterException(spec.commandLine(), "Missing required option: '--to="
                    + CommonRestoreOptions.TARGET.label() + "'" + instead());
        }
        checkSource();
        RestoreRequest request = new RestoreRequest(to, options);
        Optional<ThawRetrieval> retrieval = archived.retrieval();
        checkTarget(to);
        // Through direct:restore-request, as a restore request file goes.
        try (Composition environment = strata.open(); StrataRuntime runtime = environment.runtime().start()) {
            String restored = runtime.restore(source, request, retrieval);
            output.output().restore(new RestoreResult(source.trim(), to, options, restored));
            return ExitCode.OK.code();
        }
    }

    /** {@code " (or, for ec2, --launch or --volume DEVICE)"}: what may stand for the target. */
    private String instead() {
        if (makers.isEmpty()) {
            return "";
        }
        return makers.entrySet().stream().map(e -> "for " + e.getKey() + ", " + e.getValue().stream()
                        .map(o -> o.option() + (o.isFlag() ? "" : " " + o.label())).collect(Collectors.joining(" or ")))
                .collect(Collectors.joining("; ", " (or, ", ")"));
    }

    /**
     * A live resource ({@code rds:instance/ID}) or an {@code s3://} URI (a recovery point in another bucket,
     * or a native export) is its service's to judge; anything else must be a recovery point as
     * {@code strata list} prints it, checked before anything starts.
     */
    private void checkSource() {
        String text = source.trim();
        if (!Recoveries.namesLiveResource(text) && !text.startsWith("s3://")) {
            Arguments.recoveryPoint(spec, text);
        }
    }

    /** A target the restoring service would refuse as a name is bad usage, found before anything starts. */
    private void checkTarget(String to) {
        try {
            Services.selectors().checkTarget(source, to, CommonRestoreOptions.TARGET.option());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Only the options given, so that a service can refuse one it does not take. */
    private Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        declared.forEach((option, built) -> {
            Object value = built.getValue();
            if (option.isFlag() ? Boolean.TRUE.equals(value) : value != null) {
                options.put(option.name(), option.isFlag() ? "true" : (String) value);
            }
        });
        return options;
    }
}
