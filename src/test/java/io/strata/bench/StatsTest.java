package io.strata.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void oddCountTakesTheMiddleValueWhateverTheOrder() {
        assertEquals(new Stats(24_663, 20_100, 26_416), Stats.of(List.of(26_416.0, 20_100.0, 24_663.0, 25_000.0, 21_000.0)));
    }

    @Test
    void evenCountTakesTheMeanOfTheMiddleTwo() {
        assertEquals(new Stats(5.0, 1.0, 10.0), Stats.of(List.of(10.0, 1.0, 6.0, 4.0)));
    }

    @Test
    void oneValueIsItsOwnMedianMinAndMax() {
        assertEquals(new Stats(0.93, 0.93, 0.93), Stats.of(List.of(0.93)));
    }

    @Test
    void aSlowRoundMovesTheMinButNotTheMedian() {
        Stats stats = Stats.of(List.of(6_061.0, 5_900.0, 6_000.0, 2_000.0, 6_100.0));
        assertEquals(6_000.0, stats.median());
        assertEquals(2_000.0, stats.min());
        assertEquals(6_100.0, stats.max());
    }

    @Test
    void noValuesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
    }

    @Test
    void formatsMedianThenRange() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        try {
            assertEquals("24,663 (20,100–26,416)", new Stats(24_663, 20_100, 26_416).format("%,.0f"));
        } finally {
            Locale.setDefault(before);
        }
    }
}
