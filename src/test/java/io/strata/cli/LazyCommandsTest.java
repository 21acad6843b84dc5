package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line holds the commands its arguments name, and every command whenever help could need them. */
class LazyCommandsTest {

    private static Set<String> built(String... args) {
        return StrataCommand.commandLine(new StrataCommand(), args).getSubcommands().keySet();
    }

    @Test
    void aCommandGetsItselfOnly() {
        assertEquals(Set.of("list"), built("-q", "list", "dynamodb:orders"));
        assertEquals(Set.of("restore"), built("restore", "strata/dynamodb/us-east-1/t/20261207T000000Z/", "--to", "t2",
                "--to", "t2"));
    }

    @Test
    void helpNoCommandOrATypoGetEveryCommand() {
        int all = StrataCommand.COMMANDS.size();
        assertEquals(all, built().size());
        assertEquals(all, built("--help").size());
        assertEquals(all, built("help", "restore").size());
        assertEquals(all, built("lsit").size());
        assertEquals(all, StrataCommand.commandLine(new StrataCommand()).getSubcommands().size());
    }

    @Test
    void aTypoIsStillAnsweredWithTheNearestCommand() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = StrataCommand.commandLine(new StrataCommand(), new String[] {"verfy"});
        commandLine.setErr(new PrintWriter(err));

        int code = commandLine.execute("verfy");

        assertEquals(2, code);
        assertTrue(err.toString().contains("Did you mean: strata verify"), err.toString());
    }

    @Test
    void anOptionValueThatIsACommandsNameAddsThatCommandBesideTheOneRun() {
        assertEquals(Set.of("list", "verify"), built("--config", "verify", "list"));
        assertTrue(List.of("list", "verify").containsAll(built("--config", "verify", "list")));
    }
}
