package io.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports, never fully qualified names inline: an inline name hides an arrow from a reader scanning the
 * imports (and from tools that draw them). Comments and string literals may name classes freely.
 */
class QualifiedNamesTest {

    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "//[^\\n]*|/\\*(?s:.*?)\\*/|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'");
    private static final Pattern IMPORT_OR_PACKAGE = Pattern.compile("(?m)^\\s*(?:import|package)\\s[^;]*;");
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])(?:io\\.strata|software\\.amazon|java|javax|jakarta|org|com)\\.(?:[a-z_]\\w*\\.)*[A-Z]\\w*");

    @Test
    void mainCodeNamesClassesThroughImports() throws IOException {
        List<String> found;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            found = files.filter(f -> f.toString().endsWith(".java")).flatMap(QualifiedNamesTest::inline).toList();
        }
        assertEquals(List.of(), found, "fully qualified names inline; import them instead");
    }

    private static Stream<String> inline(Path file) {
        String code;
        try {
            code = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        code = IMPORT_OR_PACKAGE.matcher(COMMENT_OR_STRING.matcher(code).replaceAll(" ")).replaceAll(" ");
        Matcher matcher = QUALIFIED.matcher(code);
        Stream.Builder<String> names = Stream.builder();
        while (matcher.find()) {
            names.add(file.getFileName() + ": " + matcher.group());
        }
        return names.build();
    }
}
