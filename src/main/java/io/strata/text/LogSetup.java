package io.strata.text;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Strata's logging, set up in code: exactly what {@code logback.xml} says, without logback's XML configurator,
 * whose Joran model and the JDK's XML parser (some 440 classes) cost every command, {@code list} included, more
 * start-up than its whole output. {@code logback.xml} stays as the readable reference and for the embedded
 * services' Spring Boot in local mode, which reads it; {@code LogSetupTest} holds the two equal. A configuration
 * file a user names ({@code -Dlogback.configurationFile}) and the tests' {@code logback-test.xml} are read as
 * before: this then steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** Logs go to stderr (stdout is the commands' results), times ISO-8601 in UTC, messages escaped (%printable). */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%X{runId:-} %X{resource:-}] "
            + "%logger{0} - %printable%n";
    /** Variable (system property or environment, as logback.xml's {@code ${STRATA_LOG_LEVEL:-INFO}}) of io.strata's level. */
    static final String LEVEL_VARIABLE = "STRATA_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogSetup.class.getClassLoader();
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || loader.getResource(ContextInitializer.TEST_AUTOCONFIG_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String level = System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE));
        apply(context, level == null ? "INFO" : level);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The levels by logger name, {@code strataLevel} for io.strata ({@link Logger#ROOT_LOGGER_NAME} last). */
    static Map<String, String> levels(String strataLevel) {
        Map<String, String> levels = new LinkedHashMap<>();
        levels.put("io.strata", strataLevel);
        levels.put("org.apache.camel", "WARN");
        levels.put("org.apache.camel.main", "WARN");
        levels.put("org.apache.camel.routes", "INFO");
        levels.put("run", "INFO");
        levels.put("verify", "INFO"); // the verify pass's summary line (routes/verify.camel.yaml)
        // Quartz's cluster manager: which replica it took for dead and which of its runs it scheduled again.
        levels.put("org.quartz.impl.jdbcjobstore", "INFO");
        levels.put("com.amazonaws", "ERROR");
        levels.put("com.adobe", "WARN");
        levels.put("org.springframework", "WARN");
        levels.put("org.apache.catalina", "WARN");
        levels.put("org.eclipse.jetty", "WARN");
        levels.put("software.amazon", "WARN");
        levels.put(Logger.ROOT_LOGGER_NAME, "WARN");
        return levels;
    }

    static void apply(LoggerContext context, String strataLevel) {
        // As logback.xml's <conversionRule conversionWord="printable" …/>.
        @SuppressWarnings("unchecked")
        Map<String, Supplier<DynamicConverter<?>>> rules = (Map<String, Supplier<DynamicConverter<?>>>)
                context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("printable", PrintableMessage::new);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        // A level logback cannot read is DEBUG, as in XML.
        levels(strataLevel).forEach((name, level) -> context.getLogger(name).setLevel(Level.toLevel(level, Level.DEBUG)));
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console);
    }
}
