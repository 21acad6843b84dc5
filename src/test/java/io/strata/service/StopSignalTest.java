package io.strata.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopSignalTest {

    @Test
    void theScheduleStopsTakingWorkBeforeTheWorkIsToldToStopOnceEvenIfAPreparationFails() {
        StopSignal stop = new StopSignal();
        List<String> seen = new ArrayList<>();
        stop.beforeStop(() -> {
            throw new IllegalStateException("the scheduler is gone");
        });
        stop.beforeStop(() -> seen.add("standby while requested=" + stop.requested()));
        assertFalse(stop.requested());

        stop.request();
        stop.request();

        assertTrue(stop.requested());
        assertEquals(List.of("standby while requested=false"), seen);
    }
}
