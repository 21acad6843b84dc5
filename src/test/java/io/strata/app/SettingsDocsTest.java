package io.strata.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.Setting;
import io.strata.config.SettingsKeys;
import io.strata.config.SettingsLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table and {@code application.properties} say what the components declare:
 * every declared key documented, no key documented that nothing reads, the defaults equal. The
 * table is generated from the declarations: on a difference the failure prints the table to paste.
 */
class SettingsDocsTest {

    private static final SettingsKeys KEYS = Services.settings();
    private static final String BEGIN = "<!-- settings table: generated from the declarations, checked by SettingsDocsTest -->";
    private static final String END = "<!-- end of settings table -->";
    // key=value, possibly commented out (an example or a default left unset): "#strata.x=1", "# strata.x=1"
    private static final Pattern LINE = Pattern.compile("(#\\s*)?(strata\\.[A-Za-z0-9_.<>-]+)\\s*=(.*)");

    static String table() {
        StringBuilder table = new StringBuilder("| Key | Default | Values | What it does |\n|---|---|---|---|\n");
        for (Setting setting : KEYS.all()) {
            table.append("| `").append(setting.key()).append("` | ")
                    .append(setting.defaultValue().isEmpty() ? "" : "`" + setting.defaultValue() + "`").append(" | ")
                    .append(setting.values().describe()).append(" | ").append(setting.help()).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void theReadmeTableIsTheDeclarations() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md needs the settings table between\n" + BEGIN + "\n" + table() + END);

        String documented = readme.substring(begin + BEGIN.length(), end).strip() + "\n";

        assertEquals(table(), documented, "README.md's settings table differs from the declarations; expected:\n" + table());
    }

    /** Keys the README names although nothing declares them, each for a reason it gives beside it. */
    private static final List<String> NAMED_UNDECLARED = List.of(
            // "Not built yet, so refused until they are"
            "strata.cluster.*",
            // the typo in the unknown-setting example, and the launcher's system property
            "strata.vault.buckett", "strata.home");

    @Test
    void theReadmeHasOneSettingsTableAndNamesNoKeyThatNothingReads() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertEquals(readme.indexOf(BEGIN), readme.lastIndexOf(BEGIN), "one settings table (a pasted failure repeats it)");
        assertEquals(readme.indexOf(END), readme.lastIndexOf(END), "one settings table");

        TreeSet<String> unread = new TreeSet<>();
        Matcher named = Pattern.compile("`(strata\\.[A-Za-z0-9_.<>*-]*[A-Za-z0-9>*])").matcher(readme);
        while (named.find()) {
            String key = named.group(1).replace("<name>", "<plan>");
            boolean declared = KEYS.all().stream().anyMatch(s -> s.key().equals(key)) || KEYS.find(key).isPresent();
            if (!declared && !NAMED_UNDECLARED.contains(key)) {
                unread.add(named.group(1));
            }
        }
        assertEquals(new TreeSet<String>(), unread, "README.md names keys that no component declares");
    }

    @Test
    void theReadmeListsTheLaunchersOwnVariablesAndTheLauncherUsesNoOther() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String launcher = Files.readString(Path.of("strata"));
        for (String variable : SettingsLoader.LAUNCHER_VARIABLES) {
            assertTrue(readme.contains("`" + variable + "`"), "README.md names the launcher's " + variable);
        }
        Matcher used = Pattern.compile("STRATA_[A-Z_]+").matcher(launcher);
        while (used.find()) {
            String variable = used.group();
            assertTrue(SettingsLoader.LAUNCHER_VARIABLES.contains(variable) || KEYS.fromEnvironment(variable).isPresent(),
                    "the launcher reads " + variable + ": a setting or one of its own variables");
        }
    }

    @Test
    void applicationPropertiesDocumentsEveryDeclaredKeyWithItsDefaultAndNothingElse() throws IOException {
        List<String> problems = new ArrayList<>();
        TreeSet<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("application.properties"))) {
            Matcher matcher = LINE.matcher(line.strip());
            if (!matcher.matches()) {
                continue;
            }
            String key = matcher.group(2);
            Optional<Setting> setting = KEYS.find(key);
            if (setting.isEmpty()) {
                problems.add(key + " is documented but nothing declares it");
                continue;
            }
            documented.add(setting.get().key());
            boolean commented = matcher.group(1) != null;
            if (!commented && !matcher.group(3).strip().equals(setting.get().defaultValue())) {
                problems.add(key + "=" + matcher.group(3).strip() + " is set, but its default is '"
                        + setting.get().defaultValue() + "': comment it out as an example, or state the default");
            }
        }
        for (Setting setting : KEYS.all()) {
            if (!documented.contains(setting.key())) {
                problems.add(setting.key() + " is declared but not in application.properties (default '"
                        + setting.defaultValue() + "': " + setting.help() + ")");
            }
        }
        assertEquals(List.of(), problems);
    }
}
