package io.strata.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.function.IntSupplier;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code --quiet} on every command (inherited from {@code strata}): stderr keeps only warnings and
 * errors, so no INFO line and no progress line (items/s, ETA); results on stdout are unchanged.
 * It is a filter in front of every logger, on while the command runs, rather than levels rewritten
 * in the logging configuration: the daemon's and the tests' configurations stay as they are.
 */
public final class QuietOption {

    static final String NAME = "--quiet";

    @Option(names = {"-q", NAME}, scope = ScopeType.INHERIT,
            description = "Only warnings and errors on stderr: no INFO or progress lines. Results (stdout) are unchanged.")
    boolean quiet;

    /** Whether the command line asked for it, on {@code strata} or on its subcommand. */
    static boolean asked(ParseResult parsed) {
        return parsed.asCommandLineList().stream().anyMatch(c -> c.getParseResult() != null
                && c.getParseResult().hasMatchedOption(NAME));
    }

    /** Runs {@code command} with logging below WARN dropped when {@code quiet}, and restored afterwards. */
    static int during(boolean quiet, IntSupplier command) {
        if (!quiet || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return command.getAsInt();
        }
        TurboFilter filter = new BelowWarn();
        filter.start();
        context.addTurboFilter(filter);
        try {
            return command.getAsInt();
        } finally {
            context.getTurboFilterList().remove(filter);
        }
    }

    /** Drops every event below WARN before any logger's level is consulted. */
    private static final class BelowWarn extends TurboFilter {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format,
                                  Object[] params, Throwable t) {
            return level != null && !level.isGreaterOrEqual(Level.WARN) ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }
}
