package io.strata.dynamodb.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strata.vault.StorageTier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked example's arithmetic, worked by hand here from {@link Prices}. */
class BackupCostsTest {

    private static final double CENT = 0.005;
    private static final double MONTH = 365.0 / 12;
    private static final CostCase STANDARD_ONLY = CostCase.example("", age -> StorageTier.STANDARD);

    @Test
    void scanNightlyReadsHalfAUnitPer4KbAndKeepsAFullCopyPerNight() {
        BackupCosts.Mode scan = BackupCosts.modes(STANDARD_ONLY).get(0);

        // 1 TiB = 268,435,456 blocks of 4 KB; eventually consistent: 134,217,728 units at $0.125 a million.
        assertEquals(16.777216 * MONTH, scan.backups(), CENT);
        assertEquals(510.31, scan.backups(), CENT);
        assertEquals(35 * 1024, scan.heldGib(), 1e-6);
        assertEquals(35 * 1024 * 0.023, scan.storage(), CENT);
        assertEquals(0, scan.pitr());
    }

    @Test
    void nativeExportNightlyPaysPerGbAndPitr() {
        BackupCosts.Mode nativeFull = BackupCosts.modes(STANDARD_ONLY).get(1);

        assertEquals(102.4 * MONTH, nativeFull.backups(), CENT);
        assertEquals(204.80, nativeFull.pitr(), CENT);
        assertEquals(4143.79, nativeFull.total(), CENT);
    }

    @Test
    void weeklyFullPlusIncrementalsKeepsEachFullAWeekLongerAndBothImagesOfTheChanges() {
        BackupCosts.Mode chain = BackupCosts.modes(STANDARD_ONLY).get(2);

        // 4.345 fulls of $102.40, 121.7 incrementals of 2.56 GiB at $0.10.
        assertEquals(MONTH / 7 * 102.4 + MONTH * 4 * 0.256, chain.backups(), CENT);
        assertEquals(MONTH / 7 + MONTH * 4, chain.runs(), 1e-9);
        // Fulls kept 42 days: 6 held; incrementals 35 days of 4 × 5.12 GiB (new and old images).
        assertEquals(6 * 1024 + 35 * 4 * 5.12, chain.heldGib(), 1e-6);
        assertEquals((6 * 1024 + 35 * 4 * 5.12) * 0.023, chain.storage(), CENT);
        assertEquals(838.70, chain.total(), CENT);
    }

    @Test
    void awsBackupKeepsEveryBackupWholeAtWarmPrices() {
        BackupCosts.Mode backup = BackupCosts.modes(STANDARD_ONLY).get(3);

        assertEquals(35 * 1024 * 0.10, backup.total(), CENT);
    }

    @Test
    void tieringBillsGlacierIrsNinetyDayMinimumWhenPointsExpireEarlier() {
        CostCase tiered = CostCase.example("7d:GLACIER_IR", age -> age < 7 ? StorageTier.STANDARD : StorageTier.GLACIER_IR);

        BackupCosts.Mode scan = BackupCosts.modes(tiered).get(0);

        // 7 days STANDARD, then GLACIER_IR for 28 days billed as 90.
        assertEquals((7 * 0.023 + 90 * 0.004) * 1024, scan.storage(), CENT);
        assertEquals(35 * 1024 * 0.023, VaultStorage.monthly(MONTH, 1024, 35, age -> StorageTier.STANDARD), CENT);
    }

    @Test
    void aTinyIncrementalIsBilledTheMinimum() {
        CostCase quiet = new CostCase(1, 0, 35, 7, 6, 1, "", age -> StorageTier.STANDARD);

        assertEquals(MONTH / 7 * 0.1 + MONTH * 4 * (10 / 1024.0) * 0.10, BackupCosts.modes(quiet).get(2).backups(), 1e-9);
    }

    @Test
    void restoresWriteEveryKibOrPayPerGb() {
        List<BackupCosts.Restore> restores = BackupCosts.restores(STANDARD_ONLY);

        assertEquals(1024.0 * 1024 * 1024 / 1e6 * 0.625, restores.get(0).dollars(), CENT);
        assertEquals(153.60, restores.get(1).dollars(), CENT);
        assertEquals(153.60, restores.get(2).dollars(), CENT);
    }
}
