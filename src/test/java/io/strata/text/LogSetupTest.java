package io.strata.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Production logging is set up in code ({@link LogSetup}) and described in {@code logback.xml} (which local mode's
 * Spring Boot reads): both give the same loggers, levels, target and line, and a user's own file still wins.
 */
class LogSetupTest {

    private static final String STRATA_LEVEL = System.getProperty(LogSetup.LEVEL_VARIABLE,
            System.getenv().getOrDefault(LogSetup.LEVEL_VARIABLE, "INFO"));

    @Test
    void theCodeSaysWhatLogbackXmlSays() throws JoranException {
        LoggerContext fromXml = new LoggerContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(fromXml);
        joran.doConfigure(LogSetup.class.getResource("/logback.xml"));
        LoggerContext inCode = new LoggerContext();
        LogSetup.apply(inCode, STRATA_LEVEL);

        assertEquals(levels(fromXml), levels(inCode));
        assertEquals(Map.copyOf(levels(inCode)).keySet(), LogSetup.levels(STRATA_LEVEL).keySet());
        assertEquals(console(fromXml).getTarget(), console(inCode).getTarget());
        assertEquals(((PatternLayoutEncoder) console(fromXml).getEncoder()).getPattern(),
                ((PatternLayoutEncoder) console(inCode).getEncoder()).getPattern());
    }

    @Test
    void aLineOnStderrIsUtcTimeLevelMdcLoggerAndTheEscapedMessage() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as SLF4J's binding gives the process's context
        PrintStream stderr = System.err;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(written, true, StandardCharsets.UTF_8));
            LogSetup.apply(context, "INFO");
            context.getLogger("io.strata.cli.ListCommand").info("Listed {}", "orders\u001b[31m");
            context.getLogger("io.strata.cli.ListCommand").debug("not at INFO");
            context.getLogger("software.amazon.awssdk.Some").info("not below WARN");
        } finally {
            System.setErr(stderr);
            context.stop();
        }

        String line = written.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO  \\[ \\] ListCommand - Listed orders"
                + "\\\\u001B\\[31m\\n"), line + context.getStatusManager().getCopyOfStatusList());
    }

    @Test
    void aConfigurationFileOnTheClassPathForTestsOrNamedByTheUserWins() {
        // This test's class path holds logback-test.xml, as every test's does: LogSetup steps aside.
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);

        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context));
        assertEquals(null, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE"));
    }

    private static Map<String, Level> levels(LoggerContext context) {
        Map<String, Level> levels = new TreeMap<>();
        context.getLoggerList().stream().filter(logger -> logger.getLevel() != null)
                .forEach(logger -> levels.put(logger.getName(), logger.getLevel()));
        return levels;
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        return (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    }
}
