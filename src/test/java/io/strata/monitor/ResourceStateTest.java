package io.strata.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import io.strata.support.SettableClock;
import io.strata.vault.RecoveryPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What status says of a resource, from its newest point's age and its last checks, at a fixed instant. */
class ResourceStateTest {

    private static final String KEY = "strata/dynamodb/us-east-1/orders/20261201T020000Z-0123abcd/";
    private static final Instant STARTED = Instant.parse("2026-12-01T02:00:00Z");
    private static final RecoveryPoint POINT = new RecoveryPoint("1.0", KEY, "dynamodb:orders", "dynamodb", "us-east-1",
            "nightly", "scan", STARTED, STARTED.plusSeconds(40), 10, 100, null, List.of(), null, null);
    private static final Duration FRESHNESS = Duration.ofHours(26);
    private final SettableClock clock = new SettableClock(STARTED);

    private ResourceState at(Duration after, Verification verified, Verification restoreTest) {
        clock.set(STARTED.plus(after));
        return ResourceState.judge("nightly", "dynamodb:orders", clock.instant(), FRESHNESS, POINT, "STANDARD", verified,
                restoreTest);
    }

    private static Verification record(String kind, ResourceStatus status) {
        Instant at = STARTED.plus(Duration.ofHours(3));
        return status == ResourceStatus.OK ? Verification.passed(kind, KEY, at, at.plusSeconds(5), Map.of())
                : Verification.failed(kind, KEY, at, at.plusSeconds(5), status, "what went wrong", Map.of());
    }

    @Test
    void aPointExactlyAsOldAsTheFreshnessIsOkOneSecondMoreIsStale() {
        assertEquals(ResourceStatus.OK, at(FRESHNESS, null, null).status());
        ResourceState stale = at(FRESHNESS.plusSeconds(1), record(Verification.VERIFY, ResourceStatus.OK), null);

        assertEquals(ResourceStatus.STALE, stale.status());
        assertEquals("newest recovery point is 26h old, more than the plan's freshness of 26h", stale.reason());
        assertEquals(FRESHNESS.plusSeconds(1), stale.age());
    }

    @Test
    void noPointIsMissingAndTheLastChecksDecideAFreshOne() {
        ResourceState missing = ResourceState.judge("nightly", "dynamodb:orders", STARTED, FRESHNESS, null, null, null, null);
        assertEquals(ResourceStatus.MISSING, missing.status());
        assertNull(missing.age());

        assertEquals(ResourceStatus.CORRUPT, at(Duration.ofHours(4), record(Verification.VERIFY, ResourceStatus.CORRUPT),
                null).status());
        assertEquals(ResourceStatus.FAILED, at(Duration.ofHours(4), record(Verification.VERIFY, ResourceStatus.OK),
                record(Verification.RESTORE_TEST, ResourceStatus.FAILED)).status());
        ResourceState ok = at(Duration.ofHours(4), record(Verification.VERIFY, ResourceStatus.OK),
                record(Verification.RESTORE_TEST, ResourceStatus.OK));
        assertTrue(ok.ok());
        assertNull(ok.reason());
        // A verify record that found the point stale then says nothing of it now: its age is judged afresh.
        assertEquals(ResourceStatus.OK, at(Duration.ofHours(4), record(Verification.VERIFY, ResourceStatus.STALE), null)
                .status());
    }

    @Test
    void freshnessIsThePlansOrTwentySixHoursAndABadValueNamesItsKey() {
        Properties p = new Properties();
        p.setProperty("strata.plan.hourly.freshness", "90m");
        p.setProperty("strata.plan.weekly.freshness", "P8D");
        p.setProperty("strata.plan.broken.freshness", "soon");

        assertEquals(Duration.ofHours(26), Freshness.of(p, "nightly"));
        assertEquals(Duration.ofMinutes(90), Freshness.of(p, "hourly"));
        assertEquals(Duration.ofDays(8), Freshness.of(p, "weekly"));
        SettingsException bad = assertThrows(SettingsException.class, () -> Freshness.of(p, "broken"));
        assertTrue(bad.getMessage().startsWith("strata.plan.broken.freshness must be a duration"), bad.getMessage());
    }

    @Test
    void aRecordIsOkExactlyWhenItsStatusIsAndHasAKnownKind() {
        assertThrows(IllegalArgumentException.class, () -> new Verification("verify", KEY, STARTED, STARTED, true,
                ResourceStatus.CORRUPT, null, null));
        assertThrows(IllegalArgumentException.class, () -> Verification.passed("smoke-test", KEY, STARTED, STARTED, Map.of()));
    }
}
