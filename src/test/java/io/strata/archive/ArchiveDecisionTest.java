package io.strata.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strata.retention.GfsRetention;
import io.strata.vault.StorageTier;
import io.strata.vault.StoredObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code strata archive} says of a recovery point it keeps where it is. */
class ArchiveDecisionTest {

    private static final String FOLDER = "strata/dynamodb/us-east-1/orders/20260101T000000Z-0a1b2c3d/";
    private static final long MIN = 128 * 1024;

    private static StoredObject object(String name, long size, String storageClass) {
        return new StoredObject(FOLDER + name, size, storageClass, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static ArchiveDecision kept(List<StoredObject> objects, StorageTier now) {
        return new ArchiveDecision(null, new GfsRetention.Verdict(List.of(GfsRetention.GfsClass.DAILY)),
                ArchiveDecision.Action.KEEP, 40, now, StorageTier.GLACIER_IR, objects, List.of(), false, MIN);
    }

    @Test
    void filesBelowTheMinimumSizeAreSaidToStayForThatReasonNotToBeThereAlready() {
        ArchiveDecision small = kept(List.of(object("recovery-point.json", 900, "STANDARD"),
                object("data/00000-of-00001.json.gz", 4_000, "STANDARD")), StorageTier.STANDARD);

        assertEquals("kept by daily, below tiering-min-size 128 KiB: stays STANDARD", small.why());
    }

    @Test
    void filesAlreadyInTheTargetClassAreSaidToBeThere() {
        ArchiveDecision moved = kept(List.of(object("recovery-point.json", 900, "STANDARD"),
                object("data/00000-of-00001.json.gz", 400_000, "GLACIER_IR")), StorageTier.GLACIER_IR);

        assertEquals("kept by daily, already in GLACIER_IR", moved.why());
    }
}
