package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strata.app.Services;
import org.junit.jupiter.api.Test;

/** A restore's failure in a request file's terms: its fields, not the command line's options. */
class RequestTermsTest {

    private final RequestTerms terms = new RequestTerms(Services.restoreOptions());

    @Test
    void flagsBecomeTheirFieldSetToTrueAndOtherOptionsTheirFieldName() {
        assertEquals("Table t already exists and holds items: restore into a new table, or pass \"overwrite\": true to "
                + "write into it", terms.of("Table t already exists and holds items: restore into a new table, or "
                + "pass --overwrite to write into it"));
        assertEquals("deleted (\"keepPartial\": true keeps it)", terms.of("deleted (--keep-partial keeps it)"));
        assertEquals("pass \"key\" HASH:TYPE or \"target\" a table", terms.of("pass --key HASH:TYPE or --to a table"));
        assertEquals("--unknown stays", terms.of("--unknown stays"));
    }

    @Test
    void aCommandQuotedInTheMessageStaysACommand() {
        String glacier = "3 objects are in GLACIER: restore them first with: strata restore RP --to t --overwrite "
                + "--retrieval-tier Standard --restore-days 3 (Standard takes 3-5 h); or pass --overwrite";
        assertEquals("3 objects are in GLACIER: restore them first with: strata restore RP --to t --overwrite "
                + "--retrieval-tier Standard --restore-days 3 (Standard takes 3-5 h); or pass \"overwrite\": true",
                terms.of(glacier));
    }
}
