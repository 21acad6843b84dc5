package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

class ReadRateLimiterTest {

    @Test
    void holdsTheAverageAtTheLimit() throws Exception {
        ReadRateLimiter limiter = new ReadRateLimiter(1000);
        long start = System.nanoTime();

        limiter.consumed(300);
        limiter.consumed(300);

        // 600 units at 1,000 units/s cannot take less than 0.6 s (a lower bound: a slow machine only adds).
        assertTrue(System.nanoTime() - start >= 590_000_000L);
    }

    @Test
    void unlimitedNeitherWaitsNorAsksForCapacity() throws Exception {
        ReadRateLimiter limiter = new ReadRateLimiter(0);
        limiter.consumed(1_000_000);
        assertEquals(ReturnConsumedCapacity.NONE, limiter.capacityToReport());
        assertEquals(ReturnConsumedCapacity.TOTAL, new ReadRateLimiter(5).capacityToReport());
    }
}
