package io.strata.text;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %printable} in logback.xml: the formatted message with its control and bidi characters
 * escaped, so that a name carrying a newline or U+202E cannot forge or reorder a log line, whichever
 * logger call passed it. Stack traces are written by their own converter, as before.
 */
public final class PrintableMessage extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Printable.of(event.getFormattedMessage());
    }
}
