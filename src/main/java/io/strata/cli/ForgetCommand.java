package io.strata.cli;

import io.strata.app.Composition;
import io.strata.archive.Forgetting;
import io.strata.cli.output.ForgetResult;
import io.strata.cli.output.Output;
import io.strata.cli.output.OutputOptions;
import io.strata.exit.ExitCode;
import io.strata.exit.UsageException;
import io.strata.text.Printable;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata forget RECOVERY_POINT [--yes]}: shows what goes (objects, snapshots, AMIs, regional copies, the
 * second vault's copy), asks on the terminal, then deletes it all through the archive's expiry. Without a
 * terminal it needs {@code --yes}: a script must say so, never be answered by whatever its stdin holds; so does
 * {@code --json}, whose stdout is one object and no question.
 */
@Command(name = "forget", mixinStandardHelpOptions = true, description = {
        "Delete one recovery point on purpose: its objects, snapshots, AMIs and their copies (other regions, the "
                + "plan's second vault). Shows what goes and asks for 'yes' on the terminal.",
        "Refused for a point under S3 Object Lock until its date. Recorded in the vault's strata/runs/."})
public final class ForgetCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Parameters(paramLabel = "RECOVERY_POINT", description = "As printed by 'strata list', or s3://VAULT/key of one.")
    String recoveryPoint;

    @Option(names = "--yes", description = "Do not ask (needed without a terminal, e.g. in a script).")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Arguments.recoveryPoint(spec, recoveryPoint); // bad usage named before anything starts
        if (output.json() && !yes) {
            // A question would break the one JSON object on stdout, and a script answers none.
            throw new ParameterException(spec.commandLine(), "strata forget --json does not ask: add --yes to forget "
                    + "without asking. Nothing deleted");
        }
        try (Composition environment = strata.open()) {
            Forgetting forgetting = environment.forgetting();
            Forgetting.Target target = forgetting.find(recoveryPoint);
            Output out = output.output();
            if (output.json()) {
                return forget(forgetting, target, out);
            }
            System.out.println("strata forget deletes:");
            target.describe().forEach(line -> System.out.println(Printable.of(line)));
            if (target.refusal().isPresent()) {
                forgetting.forget(target); // records the refusal, and says it
            }
            if (!yes && !confirmed()) {
                System.out.println("Nothing deleted.");
                return ExitCode.FAILED.code();
            }
            forgetting.forget(target);
            out.forget(ForgetResult.of(target, true));
            return ExitCode.OK.code();
        }
    }

    /** With --json (and so --yes): the result says what went or why not; the reason still goes to stderr. */
    private static int forget(Forgetting forgetting, Forgetting.Target target, Output out) {
        try {
            forgetting.forget(target);
        } catch (RuntimeException e) {
            out.forget(ForgetResult.of(target, false));
            throw e;
        }
        out.forget(ForgetResult.of(target, true));
        return ExitCode.OK.code();
    }

    /** "yes" typed on the terminal; without one, bad usage: --yes is how a script says it. */
    private static boolean confirmed() throws IOException {
        Console console = System.console();
        if (console == null) {
            throw new UsageException("strata forget asks for confirmation on a terminal, and there is none: add --yes "
                    + "to forget without asking. Nothing deleted");
        }
        System.out.print("Type yes to delete all of it: ");
        System.out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().equals("yes");
    }
}
