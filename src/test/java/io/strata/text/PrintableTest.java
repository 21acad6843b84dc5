package io.strata.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names and messages as they may be shown: control and bidi characters escaped, everything else as it is. */
class PrintableTest {

    @Test
    void controlAndBidiCharactersAreEscaped() {
        assertEquals("orders\\u202Etxt.exe", Printable.of("orders\u202Etxt.exe"));
        assertEquals("a\\nINFO forged line\\r\\t", Printable.of("a\nINFO forged line\r\t"));
        assertEquals("zero\\u200Bwidth \\u2066isolate\\u2069 \\u0000", Printable.of("zero\u200Bwidth \u2066isolate\u2069 \u0000"));
        assertEquals("line\\u2028sep", Printable.of("line\u2028sep"));
        assertFalse(Printable.isPrintable("x\u202E"));
    }

    @Test
    void ordinaryTextIsUnchanged() {
        String text = "Café ｏrders１ C:\\path 日本 \uD83D\uDE00 \"quoted\"";
        assertSame(text, Printable.of(text));
        assertTrue(Printable.isPrintable(text));
        assertEquals(null, Printable.of(null));
    }

    /** The production log pattern escapes every message (a name reaches many log calls): %printable, not %msg. */
    @Test
    void theLogPatternWritesMessagesPrintable() throws IOException {
        try (InputStream config = getClass().getResourceAsStream("/logback.xml")) {
            String xml = new String(config.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("class=\"io.strata.text.PrintableMessage\""), xml);
            assertTrue(xml.contains("%printable%n") && !xml.contains("%msg") && !xml.contains("%m%"), xml);
        }
    }
}
