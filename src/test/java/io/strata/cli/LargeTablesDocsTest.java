package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.exit.ExitCode;
import io.strata.support.StrataCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README "Large tables": every {@code $ strata cost …} example shows exactly what that command prints,
 * so the worked cost example is Strata's own arithmetic, never numbers typed by hand.
 */
class LargeTablesDocsTest {

    @Test
    void theWorkedCostExamplesAreWhatStrataCostPrints() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Large tables\n");
        assertTrue(start >= 0, "README.md has a section \"Large tables\"");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> examples = new ArrayList<>();
        String[] blocks = section.split("```");
        for (int i = 1; i < blocks.length; i += 2) {
            if (blocks[i].startsWith("\n$ strata cost")) {
                examples.add(blocks[i].substring(1));
            }
        }
        assertTrue(examples.size() >= 2, "the worked example with and without tiering");
        for (String example : examples) {
            String command = example.lines().findFirst().orElseThrow();
            List<String> args = Arrays.asList(command.substring("$ strata ".length()).trim().split("\\s+"));
            StrataCli.Result result = StrataCli.run(args);
            assertEquals(ExitCode.OK.code(), result.code(), result.err());
            assertEquals(example.substring(command.length() + 1), result.out(), command);
        }
    }
}
