package io.strata.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** What {@code strata vault check} printed: the line of one protection, and the fix printed under it. */
final class CheckOutput {

    private CheckOutput() {
    }

    static String line(String output, String protection) {
        return output.lines().filter(l -> l.matches("^(OK|MISSING|UNKNOWN) +" + protection + "( \\(required\\))? .*"))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + protection + " in\n" + output));
    }

    static String fixAfter(String output, String protection) {
        List<String> lines = output.lines().toList();
        int at = lines.indexOf(line(output, protection));
        String next = lines.get(at + 1).trim();
        assertTrue(next.startsWith("fix: "), "no fix under " + protection + " in\n" + output);
        return next.substring("fix: ".length());
    }
}
