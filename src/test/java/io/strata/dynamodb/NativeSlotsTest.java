package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.config.SettingsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeSlotsTest {

    @Test
    void atMostTheCapRunAtOnceAndTheRestWaitForASlot() throws Exception {
        NativeSlots slots = new NativeSlots(300, 2, 50);
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                done.add(pool.submit(() -> slots.restore("restore " + n, () -> {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    holding.countDown();
                    await(go);
                    now.decrementAndGet();
                    return n;
                })));
            }
            assertTrue(holding.await(60, TimeUnit.SECONDS), "two restores start");
            assertArrayEquals(new int[] {0, 2, 0}, slots.inFlight());
            // The other three wait for a slot: none of them can have finished.
            assertThrows(TimeoutException.class, () -> done.get(4).get(200, TimeUnit.MILLISECONDS));

            go.countDown();
            for (Future<Integer> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(2, most.get());
            assertArrayEquals(new int[] {0, 0, 0}, slots.inFlight());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedOperationGivesItsSlotBack() {
        NativeSlots slots = new NativeSlots(1, 1, 1);

        assertThrows(IllegalStateException.class, () -> slots.export("export", () -> {
            throw new IllegalStateException("FAILED");
        }));

        assertEquals("ok", slots.export("export", () -> "ok"));
        assertArrayEquals(new int[] {0, 0, 0}, slots.inFlight());
    }

    @Test
    void capsDefaultToWhatAwsAllowsAndRefuseMore() {
        assertArrayEquals(new int[] {300, 50, 50}, new int[] {Integer.parseInt(NativeSlots.MAX_EXPORTS.defaultValue()),
                Integer.parseInt(NativeSlots.MAX_RESTORES.defaultValue()),
                Integer.parseInt(NativeSlots.MAX_IMPORTS.defaultValue())});
        Properties p = new Properties();
        p.setProperty("strata.dynamodb.max-concurrent-imports", "51");

        SettingsException e = assertThrows(SettingsException.class, () -> NativeSlots.from(p));

        assertTrue(e.getMessage().contains("strata.dynamodb.max-concurrent-imports"), e.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
