package io.strata.dynamodb.cost;

import java.util.List;

/**
 * Estimates what each way of backing up one DynamoDB table costs a month, from {@link Prices}: the
 * backups themselves (reads or exports), PITR where the mode needs it, and keeping the recovery points;
 * and what restoring the whole table once costs each way. The arithmetic, with its assumptions:
 * <ul>
 *   <li>scan: a parallel Scan reads every byte once, eventually consistent: half a read request unit per
 *       4 KB (Scan bills the page's summed size, so small items do not round up one by one);</li>
 *   <li>an export in the vault is as large as the table (gzip roughly undoes DynamoDB JSON's overhead);</li>
 *   <li>an incremental export processes the share of the table changed in its window and writes it
 *       twice (NEW_AND_OLD_IMAGES); a full export is kept until the last point needing it expires, one
 *       full period longer than the points;</li>
 *   <li>native exports need PITR on (billed on the table's size); AWS Backup keeps each backup whole.</li>
 * </ul>
 * Requests to S3 (a few thousand PUTs a month) and data transfer inside the region are left out.
 */
public final class BackupCosts {

    private static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    /**
     * One way of backing up, a month of it.
     *
     * @param runs    backups (or exports) made a month
     * @param backups USD for making them: read request units, or export per GB
     * @param pitr    USD for PITR, which native exports need
     * @param heldGib what is kept at any time, in the vault or as AWS backups
     * @param storage USD for keeping it
     */
    public record Mode(String name, double runs, double backups, double pitr, double heldGib, double storage) {
        public double total() {
            return backups + pitr + storage;
        }
    }

    /** What restoring the whole table once costs one way. */
    public record Restore(String name, double dollars) {
    }

    private BackupCosts() {
    }

    public static List<Mode> modes(CostCase c) {
        double nightly = VaultStorage.DAYS_PER_MONTH;
        double readUnits = c.tableGib() * BYTES_PER_GIB / 4096 * 0.5;
        double scanRun = readUnits / 1e6 * Prices.READ_REQUEST_UNITS_PER_MILLION;
        double fullExport = c.tableGib() * Prices.FULL_EXPORT_PER_GB;
        double pitr = c.tableGib() * Prices.PITR_PER_GB_MONTH;
        Mode scan = new Mode("scan nightly", nightly, nightly * scanRun, 0,
                VaultStorage.heldGib(nightly, c.tableGib(), c.keepDays()),
                VaultStorage.monthly(nightly, c.tableGib(), c.keepDays(), c.tierAt()));
        Mode nativeFull = new Mode("native-export nightly", nightly, nightly * fullExport, pitr, scan.heldGib(),
                scan.storage());
        double fulls = nightly / c.fullEveryDays();
        double incrementals = nightly * 24 / c.incrementalHours();
        double changedGib = c.tableGib() * c.dailyChange() * c.incrementalHours() / 24;
        double billedGib = Math.max(changedGib, Prices.INCREMENTAL_EXPORT_MINIMUM_MB / 1024);
        int fullLife = c.keepDays() + c.fullEveryDays();
        Mode chain = new Mode("full every " + c.fullEveryDays() + "d + incremental every " + c.incrementalHours() + "h",
                fulls + incrementals, fulls * fullExport + incrementals * billedGib * Prices.INCREMENTAL_EXPORT_PER_GB,
                pitr, VaultStorage.heldGib(fulls, c.tableGib(), fullLife)
                + VaultStorage.heldGib(incrementals, 2 * changedGib, c.keepDays()),
                VaultStorage.monthly(fulls, c.tableGib(), fullLife, c.tierAt())
                        + VaultStorage.monthly(incrementals, 2 * changedGib, c.keepDays(), c.tierAt()));
        double backupsHeld = VaultStorage.heldGib(nightly, c.tableGib(), c.keepDays());
        Mode awsBackup = new Mode("AWS Backup nightly (warm)", nightly, 0, 0, backupsHeld,
                backupsHeld * Prices.BACKUP_WARM_PER_GB_MONTH);
        return List.of(scan, nativeFull, chain, awsBackup);
    }

    /** Restoring the whole table once: Strata's writes, ImportTable, or a restore of DynamoDB's own backup. */
    public static List<Restore> restores(CostCase c) {
        double items = c.tableGib() * 1024 * 1024 / c.itemKib();
        double writeUnits = items * Math.ceil(c.itemKib());
        return List.of(
                new Restore("restore (BatchWriteItem, on-demand)", writeUnits / 1e6 * Prices.WRITE_REQUEST_UNITS_PER_MILLION),
                new Restore("restore --import (ImportTable)", c.tableGib() * Prices.IMPORT_PER_GB),
                new Restore("native backup or point in time", c.tableGib() * Prices.RESTORE_PER_GB));
    }
}
