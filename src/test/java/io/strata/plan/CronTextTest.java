package io.strata.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Crons as {@code strata plans} says them, and their next fire times as Quartz computes them. */
class CronTextTest {

    @Test
    void commonShapesReadAsWordsAndTheRestFieldByField() {
        assertEquals("every day at 02:00", CronText.words("0 0 2 * * ?"));
        assertEquals("every day at 02:00:30", CronText.words("30 0 2 * * ?"));
        assertEquals("every Sunday at 03:30", CronText.words("0 30 3 ? * SUN"));
        assertEquals("every Monday to Friday at 22:15", CronText.words("0 15 22 ? * MON-FRI"));
        assertEquals("on day 1 of every month at 04:00", CronText.words("0 0 4 1 * ?"));
        assertEquals("every 15 minutes", CronText.words("0 */15 * * * ?"));
        assertEquals("every hour at minute 5", CronText.words("0 5 * * * ?"));
        assertEquals("every second", CronText.words("* * * * * ?"));
        assertEquals("second 0, minute 0, hour 2, day of month L, month *, day of week ?",
                CronText.words("0 0 2 L * ?"));
    }

    @Test
    void nextFireTimesAreReadInTheScheduleZone() {
        ScheduleZone berlin = new ScheduleZone(ZoneId.of("Europe/Berlin"));
        // The night daylight saving time ends: 02:00 in Berlin is 00:00 UTC before, 01:00 UTC after.
        assertEquals(List.of(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-25T01:00:00Z")),
                CronText.next("0 0 2 * * ?", berlin, Instant.parse("2026-10-23T12:00:00Z"), 2));
    }
}
