package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A firing that Quartz hands out twice (its node taken for dead while alive) runs once, on a real PostgreSQL:
 * the second run yields while the first holds the plan, and also after it ended; a node that really died (its
 * session gone) leaves the firing to the one that recovers it.
 */
class FiringLocksIT {

    private static final Instant FIRING = Instant.parse("2026-12-08T02:00:00Z");

    @Test
    void aFiringHandedOutTwiceRunsOnceAndADeadNodesFiringRunsElsewhere() throws Exception {
        String url = TestPostgres.newDatabase("firings");
        try (ClusterDatabase database = ClusterDatabase.open(new ClusterSettings(url, "postgres", Optional.empty(),
                Duration.ofSeconds(1)))) {
            FiringLocks slowNode = FiringLocks.open(database);
            FiringLocks recovering = FiringLocks.open(database);

            Optional<FiringLocks.Claim> first = slowNode.claim("nightly", FIRING);
            assertTrue(first.isPresent(), "the first run of the firing runs");
            assertTrue(recovering.claim("nightly", FIRING).isEmpty(), "its recovery yields while the first runs");
            assertTrue(recovering.claim("nightly", FIRING.plusSeconds(60)).isEmpty(), "the plan never overlaps itself");
            Optional<FiringLocks.Claim> other = recovering.claim("hourly", FIRING);
            assertTrue(other.isPresent(), "another plan is not held up");
            other.get().close();
            first.get().close();
            assertTrue(recovering.claim("nightly", FIRING).isEmpty(), "nor does the firing run again once it ended");

            Optional<FiringLocks.Claim> next = slowNode.claim("nightly", FIRING.plusSeconds(60));
            assertTrue(next.isPresent(), "the next firing runs");
            // The node dies (kill -9): the server ends its session, and the plan's lock with it.
            try (Connection admin = DriverManager.getConnection(url, "postgres", "");
                 Statement statement = admin.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = "
                        + (FiringLocks.lockKey("nightly") & 0xFFFFFFFFL));
            }
            Optional<FiringLocks.Claim> recovered = recovering.claim("nightly", FIRING.plusSeconds(60));
            assertTrue(recovered.isPresent(), "the dead node's firing runs on the node that recovers it");
            recovered.get().close();
            assertEquals(Optional.empty(), recovering.claim("nightly", FIRING.plusSeconds(60)));
        }
    }
}
