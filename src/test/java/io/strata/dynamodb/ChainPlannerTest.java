package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.vault.RecoveryPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainPlannerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private final ChainPlanner planner = new ChainPlanner(Duration.ofHours(6), Duration.ofDays(7));

    @Test
    void aChainIsAFullExportThenContiguousIncrementals() {
        assertFalse(planner.next(Optional.empty(), T0).incremental());

        ChainPlanner.Step first = planner.next(Optional.of(new ChainPlanner.Last("full", T0, Optional.empty())),
                T0.plus(Duration.ofHours(6)));
        ChainLink one = first.link().orElseThrow();
        assertEquals(new ChainLink("full", T0, "full", 1, T0, T0.plus(Duration.ofHours(6)), List.of("full")), one);

        // A run 2 minutes late continues the chain from exactly where the last window ended.
        Instant late = T0.plus(Duration.ofHours(12)).plusSeconds(120);
        ChainLink two = planner.next(Optional.of(new ChainPlanner.Last("inc1", one.to(), Optional.of(one))), late)
                .link().orElseThrow();
        assertEquals(new ChainLink("full", T0, "inc1", 2, one.to(), late, List.of("full", "inc1")), two);
    }

    @Test
    void aMissedWindowIsAGapAndStartsANewChain() {
        ChainLink one = ChainLink.first("full", T0, T0.plus(Duration.ofHours(6)));
        ChainPlanner.Step step = planner.next(Optional.of(new ChainPlanner.Last("inc1", one.to(), Optional.of(one))),
                T0.plus(Duration.ofHours(18)));
        assertFalse(step.incremental());
        assertTrue(step.gap());
        assertTrue(step.reason().startsWith("gap: no export covers 2026-12-01T06:00:00Z to 2026-12-01T18:00:00Z"),
                step.reason());
    }

    @Test
    void anOldFullExportOrATooShortWindowMakesAFullExportWithoutAGap() {
        ChainLink one = ChainLink.first("full", T0, T0.plus(Duration.ofDays(7)).minusSeconds(6 * 3600));
        ChainPlanner.Step old = planner.next(Optional.of(new ChainPlanner.Last("inc", one.to(), Optional.of(one))),
                T0.plus(Duration.ofDays(7)));
        assertFalse(old.incremental());
        assertFalse(old.gap());
        assertTrue(old.reason().contains("full-every"), old.reason());

        ChainPlanner.Step soon = planner.next(Optional.of(new ChainPlanner.Last("full", T0, Optional.empty())),
                T0.plusSeconds(600));
        assertFalse(soon.incremental());
        assertFalse(soon.gap());
    }

    @Test
    void aChainIsWholeOnlyWhenEveryLinkIsThereAndTheWindowsMeet() {
        ChainLink one = ChainLink.first("full", T0, T0.plus(Duration.ofHours(6)));
        ChainLink two = one.then("inc1", T0.plus(Duration.ofHours(12)));
        Map<String, RecoveryPoint> vault = new HashMap<>(Map.of("full", point("full", null), "inc1", point("inc1", one),
                "inc2", point("inc2", two)));
        ChainCheck check = new ChainCheck(k -> Optional.ofNullable(vault.get(k)), p -> T0);

        ChainCheck.Chain whole = check.of(vault.get("inc2"));
        assertEquals(List.of(), whole.problems());
        assertEquals(List.of("full", "inc1", "inc2"), whole.points().stream().map(RecoveryPoint::key).toList());

        vault.remove("inc1");
        ChainCheck.Chain broken = check.of(vault.get("inc2"));
        assertFalse(broken.whole());
        assertEquals(List.of(), broken.points(), "nothing to restore from a broken chain");
        assertTrue(broken.problems().get(0).startsWith("gap: inc1 (incremental 1 of the chain of inc2) is not in the vault"),
                broken.problems().toString());

        ChainLink apart = new ChainLink("full", T0, "inc1", 2, T0.plus(Duration.ofHours(7)), T0.plus(Duration.ofHours(12)),
                List.of("full", "inc1"));
        vault.put("inc1", point("inc1", one));
        assertEquals(List.of("gap: inc1 ends at 2026-12-01T06:00:00Z but inc2 starts at 2026-12-01T07:00:00Z"),
                check.of(point("inc2", apart)).problems());
    }

    static RecoveryPoint point(String key, ChainLink link) {
        return new RecoveryPoint("1", key, "dynamodb:orders", "dynamodb", "eu-west-1", "nightly", "native-export",
                T0, T0, 0, 0, "AWSDynamoDB/x/", List.of(), null, link == null ? null : link.toDetails());
    }
}
