package io.strata.thaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import io.strata.vault.StorageTier;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.Tier;

/** The pieces of a Glacier restore that need no S3: headers, retrieval options, settings and messages. */
class ThawTest {

    @Test
    void theRestoreHeaderSaysWhetherACopyIsReadable() {
        assertEquals(ThawState.NONE, ThawState.of(null));
        assertEquals(ThawState.NONE, ThawState.of(""));
        assertEquals(ThawState.ONGOING, ThawState.of("ongoing-request=\"true\""));
        assertEquals(ThawState.DONE, ThawState.of("ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2012 00:00:00 GMT\""));
        assertEquals(ThawState.NONE, ThawState.of("something else"), "unknown: asked again, S3 answers 409 or 200");
    }

    @Test
    void retrievalOptionsDefaultTheOneNotGivenAndRefuseBadValues() {
        assertEquals(Optional.empty(), ThawRetrieval.of(null, null));
        assertEquals(Optional.of(new ThawRetrieval(Tier.STANDARD, 3)), ThawRetrieval.of("standard", null));
        assertEquals(Optional.of(new ThawRetrieval(Tier.STANDARD, 9)), ThawRetrieval.of(null, 9));
        assertEquals(Tier.EXPEDITED, ThawRetrieval.tier(" EXPEDITED "));
        assertEquals("must be Expedited, Standard or Bulk, not 'Glacier'",
                assertThrows(IllegalArgumentException.class, () -> ThawRetrieval.tier("Glacier")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThawRetrieval.of("Bulk", 0));
        assertThrows(IllegalArgumentException.class, () -> ThawRetrieval.of("Bulk", -3));
        assertEquals("--retrieval-tier Bulk --restore-days 1", new ThawRetrieval(Tier.BULK, 1).flags());
    }

    @Test
    void settingsDefaultToFiveMinutesAndNameAMistypedKey() {
        Properties none = new Properties();
        assertEquals(new ThawSettings(Duration.ofMinutes(5), Duration.ofHours(60)), ThawSettings.from(none));
        Properties typo = new Properties();
        typo.setProperty("strata.archive.restore-poll-interval", "5 minutes");
        String message = assertThrows(SettingsException.class, () -> ThawSettings.from(typo)).getMessage();
        assertTrue(message.contains("strata.archive.restore-poll-interval") && message.contains("5 minutes"), message);
    }

    @Test
    void theMessageCountsEachClassAndStateAndNamesTheCommand() {
        var where = new Thaw.Where("b", "strata/dynamodb/us-east-1/t/20260101T000000Z-00000000/", 9,
                "strata restore strata/dynamodb/us-east-1/t/20260101T000000Z-00000000/ --to t2");
        List<GlacierObject> mixed = List.of(
                new GlacierObject("a", StorageTier.GLACIER, ThawState.NONE),
                new GlacierObject("b", StorageTier.DEEP_ARCHIVE, ThawState.ONGOING),
                new GlacierObject("c", StorageTier.DEEP_ARCHIVE, ThawState.NONE),
                new GlacierObject("d", StorageTier.DEEP_ARCHIVE, ThawState.DONE));

        assertEquals("3 of 9 objects of strata/dynamodb/us-east-1/t/20260101T000000Z-00000000/ are archived "
                + "(1 in GLACIER, 2 in DEEP_ARCHIVE), 2 not restored and 1 being restored: restore them first with: "
                + "strata restore strata/dynamodb/us-east-1/t/20260101T000000Z-00000000/ --to t2 --retrieval-tier Standard "
                + "--restore-days 3 (from GLACIER Expedited takes 1-5 min, Standard 3-5 h, Bulk 5-12 h (no retrieval fee); "
                + "from DEEP_ARCHIVE Standard takes up to 12 h, Bulk up to 48 h at a lower price, Expedited is not offered; "
                + "nothing already restoring is requested again)", Thaw.notReadable(where, mixed));
    }

    @Test
    void elapsedTimeReadsAsHoursAndMinutes() {
        assertEquals("0m00s", Thaw.elapsed(Duration.ZERO));
        assertEquals("4m07s", Thaw.elapsed(Duration.ofSeconds(247)));
        assertEquals("1h05m", Thaw.elapsed(Duration.ofMinutes(65)));
        assertEquals("49h00m", Thaw.elapsed(Duration.ofHours(49)));
    }
}
