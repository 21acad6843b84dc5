package io.strata.text;

/**
 * A name or message as it may be shown: control, format (bidi overrides such as U+202E, zero-width
 * characters) and line/paragraph separators are written as escapes ({@code \n}, {@code \u202E}), so
 * that a table name, a planted key or an AWS error cannot forge a log line or reorder what a reader
 * sees. Everything else, backslashes included, stays as it is: ordinary text is unchanged.
 */
public final class Printable {

    private Printable() {
    }

    public static String of(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        int first = firstUnprintable(text);
        if (first < 0) {
            return text;
        }
        StringBuilder printable = new StringBuilder(text.length() + 8).append(text, 0, first);
        text.codePoints().skip(text.codePointCount(0, first)).forEach(c -> append(printable, c));
        return printable.toString();
    }

    /** Whether the text shows as it is (nothing to escape). */
    public static boolean isPrintable(String text) {
        return text == null || firstUnprintable(text) < 0;
    }

    private static int firstUnprintable(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (unprintable(c)) {
                return i;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    private static boolean unprintable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }

    private static void append(StringBuilder printable, int c) {
        if (!unprintable(c)) {
            printable.appendCodePoint(c);
            return;
        }
        switch (c) {
            case '\n' -> printable.append("\\n");
            case '\r' -> printable.append("\\r");
            case '\t' -> printable.append("\\t");
            default -> {
                if (Character.isBmpCodePoint(c)) {
                    printable.append(String.format("\\u%04X", c));
                } else {
                    printable.append(String.format("\\U%08X", c));
                }
            }
        }
    }
}
