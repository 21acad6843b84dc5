package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.support.StrataCli;
import io.strata.support.Tables;
import io.strata.support.TestAws;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a script reads: results on stdout only ({@code strata list 2>/dev/null}), log lines on stderr
 * only, the run report once, and {@code --quiet} leaving only warnings and errors on stderr.
 */
class OutputStreamsIT {

    /** A log line as either logging configuration writes it: its level as a word of its own. */
    private static final Pattern LOG_LINE = Pattern.compile("(?m)^.*\\s(TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\S.*$");
    private static final Pattern INFO_LINE = Pattern.compile("(?m)^.*\\s(TRACE|DEBUG|INFO)\\s+\\S.*$");

    private static String bucket;
    private static AwsClients clients;
    private static Level routeLevel;

    @BeforeAll
    static void start() {
        bucket = TestAws.unique("streams");
        StrataSettings settings = TestAws.settings(bucket);
        clients = TestAws.clients(settings);
        TestAws.vault(clients, settings);
        System.setProperty("aws.accessKeyId", "strataLocal");
        System.setProperty("aws.secretAccessKey", "strataLocal");
        // As production's logback.xml has it (the tests' own configuration keeps the route's logger at WARN).
        routeLevel = routeLogger().getLevel();
        routeLogger().setLevel(Level.INFO);
    }

    @AfterAll
    static void stop() {
        routeLogger().setLevel(routeLevel);
        clients.close();
    }

    /** The run route's own logger (Camel's log step names it after the route id). */
    private static Logger routeLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("run");
    }

    private static StrataCli.Result strata(String... args) {
        List<String> all = StrataCli.against(bucket);
        all.addAll(List.of(args));
        return StrataCli.run(all);
    }

    private static String table() throws InterruptedException {
        String table = TestAws.unique("streamed");
        Tables.create(clients.dynamoDb(), table);
        Tables.put(clients.dynamoDb(), table, List.of(Tables.simple("a", 1, "x"), Tables.simple("b", 2, "y")));
        return table;
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theRunReportIsOnStdoutOnceAndTheLogLinesOnStderrOnly() throws InterruptedException {
        String table = table();

        StrataCli.Result backup = strata("backup", "dynamodb:" + table);
        StrataCli.Result list = strata("list", "dynamodb:" + table);

        assertEquals(0, backup.code(), backup.err());
        assertEquals(1, count(backup.out(), "resource(s), 0 failed"), backup.out());
        assertEquals(0, count(backup.err(), "resource(s), 0 failed"), "the report is not logged as well:\n" + backup.err());
        assertFalse(LOG_LINE.matcher(backup.out()).find(), "no log line on stdout:\n" + backup.out());
        assertTrue(INFO_LINE.matcher(backup.err()).find(), "the backup's INFO lines are on stderr:\n" + backup.err());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains(table), list.out());
        assertFalse(LOG_LINE.matcher(list.out()).find(), "no log line on stdout:\n" + list.out());
    }

    @Test
    void quietKeepsTheResultsAndDropsEveryInfoLineOnEveryCommand() throws InterruptedException {
        String table = table();

        StrataCli.Result backup = strata("--quiet", "backup", "dynamodb:" + table);
        StrataCli.Result list = strata("list", "dynamodb:" + table, "--quiet");
        StrataCli.Result loud = strata("list", "dynamodb:" + table);

        assertEquals(0, backup.code(), backup.err());
        assertEquals(1, count(backup.out(), "resource(s), 0 failed"), backup.out());
        assertEquals("", backup.err(), "only warnings and errors, and there were none");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains(table), list.out());
        assertFalse(INFO_LINE.matcher(list.err()).find(), list.err());
        assertEquals(loud.out(), list.out(), "--quiet changes stderr only");
    }
}
