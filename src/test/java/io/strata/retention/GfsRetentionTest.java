package io.strata.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.text.Json;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

public class GfsRetentionTest {

    @Test
    void aYearOfNightlyBackupsKeepsSevenDaysFourWeeksTwelveMonths() {
        List<RecoveryPoint> year = nightly("2026-01-01T02:00:00Z", 366);
        Map<String, GfsRetention.Verdict> verdicts = gfs("daily=7,weekly=4,monthly=12,yearly=7")
                .classify(year, Instant.parse("2027-01-01T03:00:00Z"));

        // 7 days (Dec 26 .. Jan 1), 2 more weeks (Sun Dec 20, Sun Dec 13: Dec 27 is a daily already),
        // 10 more months (the last day of Nov .. Feb 2026), the years are kept already.
        assertEquals(List.of(
                "2027-01-01", "2026-12-31", "2026-12-30", "2026-12-29", "2026-12-28", "2026-12-27", "2026-12-26",
                "2026-12-20", "2026-12-13",
                "2026-11-30", "2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31",
                "2026-04-30", "2026-03-31", "2026-02-28"), kept(verdicts));
        assertTrue(verdicts.get(keyOn(year, "2026-01-31")).expires());
        assertEquals(List.of(GfsRetention.GfsClass.DAILY, GfsRetention.GfsClass.MONTHLY, GfsRetention.GfsClass.YEARLY),
                verdicts.get(keyOn(year, "2026-12-31")).keptBy());
        assertEquals("yearly", verdicts.get(keyOn(year, "2026-12-31")).label());
    }

    @Test
    void theNewestOfTwoBackupsInOneDayIsTheDailyOne() {
        RecoveryPoint morning = point("2026-11-20T06:00:00Z");
        RecoveryPoint evening = point("2026-11-20T18:00:00Z");
        RecoveryPoint dayBefore = point("2026-11-19T18:00:00Z");
        Map<String, GfsRetention.Verdict> verdicts = gfs("daily=2")
                .classify(List.of(morning, evening, dayBefore), Instant.parse("2026-11-21T00:00:00Z"));

        assertTrue(verdicts.get(evening.key()).keptBy().contains(GfsRetention.GfsClass.DAILY));
        assertTrue(verdicts.get(morning.key()).expires());
        assertEquals(List.of(GfsRetention.GfsClass.DAILY), verdicts.get(dayBefore.key()).keptBy());
    }

    @Test
    void weeksStartOnMondayInUtc() {
        RecoveryPoint sundayLate = point("2026-11-15T23:59:59Z");
        RecoveryPoint mondayEarly = point("2026-11-16T00:00:00Z");
        RecoveryPoint saturday = point("2026-11-14T12:00:00Z");
        Map<String, GfsRetention.Verdict> verdicts = gfs("weekly=2")
                .classify(List.of(saturday, sundayLate, mondayEarly), Instant.parse("2026-11-17T00:00:00Z"));

        assertFalse(verdicts.get(mondayEarly.key()).expires());
        assertEquals(List.of(GfsRetention.GfsClass.WEEKLY), verdicts.get(sundayLate.key()).keptBy());
        assertTrue(verdicts.get(saturday.key()).expires());
    }

    @Test
    void monthsAndYearsEndAtUtcMidnight() {
        RecoveryPoint lastOfJanuary = point("2026-01-31T23:59:59Z");
        RecoveryPoint firstOfFebruary = point("2026-02-01T00:00:00Z");
        RecoveryPoint lastOfYear = point("2025-12-31T23:59:59Z");
        RecoveryPoint midDecember = point("2025-12-15T00:00:00Z");
        List<RecoveryPoint> points = List.of(lastOfJanuary, firstOfFebruary, lastOfYear, midDecember);

        Map<String, GfsRetention.Verdict> monthly = gfs("monthly=3").classify(points, Instant.parse("2026-03-01T00:00:00Z"));
        assertTrue(monthly.get(firstOfFebruary.key()).keptBy().contains(GfsRetention.GfsClass.MONTHLY));
        assertEquals(List.of(GfsRetention.GfsClass.MONTHLY), monthly.get(lastOfJanuary.key()).keptBy());
        assertEquals(List.of(GfsRetention.GfsClass.MONTHLY), monthly.get(lastOfYear.key()).keptBy());
        assertTrue(monthly.get(midDecember.key()).expires());

        Map<String, GfsRetention.Verdict> yearly = gfs("yearly=2").classify(points, Instant.parse("2026-03-01T00:00:00Z"));
        assertEquals(List.of(GfsRetention.GfsClass.YEARLY), yearly.get(lastOfYear.key()).keptBy());
        assertTrue(yearly.get(lastOfJanuary.key()).expires());
    }

    @Test
    void theNewestIsKeptWhateverTheRulesSay() {
        RecoveryPoint old = point("2026-01-01T02:00:00Z");
        RecoveryPoint older = point("2025-12-01T02:00:00Z");
        Map<String, GfsRetention.Verdict> verdicts = gfs("max-age=30d")
                .classify(List.of(older, old), Instant.parse("2026-11-22T00:00:00Z"));

        assertEquals(List.of(GfsRetention.GfsClass.NEWEST), verdicts.get(old.key()).keptBy());
        assertTrue(verdicts.get(older.key()).expires());
    }

    @Test
    void maxAgeKeepsEverythingYoungerThanIt() {
        List<RecoveryPoint> points = nightly("2026-11-01T02:00:00Z", 21);
        Map<String, GfsRetention.Verdict> verdicts = gfs("max-age=10d")
                .classify(points, Instant.parse("2026-11-21T02:00:00Z"));

        // Nov 11 02:00 is exactly 10 days old: kept; Nov 10 is not.
        assertEquals(11, kept(verdicts).size());
        assertEquals("2026-11-11", kept(verdicts).get(10));
    }

    @Test
    void asOfIgnoresRecoveryPointsThatDidNotExistYet() {
        List<RecoveryPoint> points = nightly("2026-11-01T02:00:00Z", 21);
        Map<String, GfsRetention.Verdict> verdicts = gfs("daily=3").classify(points, Instant.parse("2026-11-05T12:00:00Z"));

        assertEquals(5, verdicts.size());
        assertEquals(List.of("2026-11-05", "2026-11-04", "2026-11-03"), kept(verdicts));
    }

    @Test
    void anEmptyResourceHasNothingToClassify() {
        assertTrue(gfs("daily=1").classify(List.of(), Instant.now()).isEmpty());
    }

    private static GfsRetention gfs(String rules) {
        return new GfsRetention(RetentionPolicy.parse(rules));
    }

    @Test
    void aKeptIncrementalKeepsItsFullExportAndEarlierIncrementalsHoweverOld() {
        RecoveryPoint full = point("2026-11-01T00:00:00Z");
        RecoveryPoint first = needing(point("2026-11-01T06:00:00Z"), full.key());
        RecoveryPoint second = needing(point("2026-11-01T12:00:00Z"), full.key(), first.key());
        RecoveryPoint unrelated = point("2026-10-31T00:00:00Z");
        Map<String, GfsRetention.Verdict> verdicts = gfs("daily=1").classify(List.of(full, first, second, unrelated),
                Instant.parse("2026-11-01T13:00:00Z"));

        assertEquals(List.of(GfsRetention.GfsClass.NEWEST, GfsRetention.GfsClass.DAILY), verdicts.get(second.key()).keptBy());
        assertEquals(List.of(GfsRetention.GfsClass.NEEDED), verdicts.get(first.key()).keptBy());
        assertEquals(List.of(GfsRetention.GfsClass.NEEDED), verdicts.get(full.key()).keptBy());
        assertEquals("needed by a kept point", verdicts.get(full.key()).label());
        assertTrue(verdicts.get(unrelated.key()).expires());
        assertTrue(GfsRetention.horizonDays(GfsRetention.GfsClass.NEEDED,
                Optional.of(RetentionPolicy.parse("daily=1"))).isEmpty(), "no S3 rule expires it by age");
    }

    private static RecoveryPoint needing(RecoveryPoint point, String... needs) {
        ObjectNode details = Json.MAPPER.createObjectNode();
        ArrayNode keys = details.putArray(RecoveryPoint.NEEDS);
        for (String key : needs) {
            keys.add(key);
        }
        return new RecoveryPoint(point.strataVersion(), point.key(), point.resource(), point.service(), point.region(),
                point.plan(), "native-export", point.startedAt(), point.finishedAt(), 0, 0, null, List.of(), null, details);
    }

    private static List<String> kept(Map<String, GfsRetention.Verdict> verdicts) {
        return verdicts.entrySet().stream().filter(e -> !e.getValue().expires())
                .map(e -> RecoveryPointKey.parse(e.getKey()).time().toString().substring(0, 10))
                .collect(Collectors.toList());
    }

    private static String keyOn(List<RecoveryPoint> points, String day) {
        return points.stream().filter(p -> p.startedAt().toString().startsWith(day)).findFirst().orElseThrow().key();
    }

    static List<RecoveryPoint> nightly(String first, int days) {
        List<RecoveryPoint> points = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            points.add(point(Instant.parse(first).plus(Duration.ofDays(i)).toString()));
        }
        return points;
    }

    public static RecoveryPoint point(String time) {
        Instant started = Instant.parse(time);
        String key = RecoveryPointKey.create("", "dynamodb", "us-east-1", "orders", started).prefix();
        return new RecoveryPoint("1", key, "dynamodb:orders", "dynamodb", "us-east-1", "nightly", "scan", started,
                started.plusSeconds(60), 1, 1, null, List.of(), null, null);
    }
}
