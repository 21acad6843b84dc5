package io.strata.rds;

import io.strata.rds.RdsDetails.ExportRef;
import io.strata.service.Throttled;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.rds.model.ExportTaskAlreadyExistsException;

/**
 * StartExportTask of a new snapshot into its recovery point's folder (RDS writes Parquet under
 * {@code <prefix>export/<taskId>/}), polled until it completes.
 */
final class RdsExports {

    private static final Logger LOG = LoggerFactory.getLogger(RdsExports.class);

    /** Built on first use: a run without RDS selectors builds no RDS client. */
    private final java.util.function.Supplier<RdsClient> rds;
    private final Throttled throttled;
    private final Vault vault;
    private final RdsSettings settings;
    private final Waiter waiter;

    RdsExports(java.util.function.Supplier<RdsClient> rds, Throttled throttled, Vault vault, RdsSettings settings) {
        this.rds = rds;
        this.throttled = throttled;
        this.vault = vault;
        this.settings = settings;
        this.waiter = new Waiter(settings.pollInterval());
    }

    ExportRef export(SnapshotState snapshot, RecoveryPointKey key) {
        String taskId = SnapshotIds.exportTask(key);
        String prefix = key.prefix() + "export";
        try {
            throttled.call(() -> rds.get().startExportTask(r -> r.exportTaskIdentifier(taskId).sourceArn(snapshot.arn())
                    .s3BucketName(vault.bucket()).s3Prefix(prefix).iamRoleArn(settings.exportRoleArn())
                    .kmsKeyId(settings.exportKmsKeyId())));
        } catch (ExportTaskAlreadyExistsException e) {
            LOG.info("Export task {} already exists (an earlier attempt started it): waiting for it", taskId);
        }
        String what = "Export " + taskId + " of snapshot " + snapshot.id();
        waiter.until(what, settings.exportTimeout(), "strata.rds.export-timeout",
                () -> throttled.call(() -> rds.get().describeExportTasks(r -> r.exportTaskIdentifier(taskId))).exportTasks().get(0),
                task -> task.status() + " " + (task.percentProgress() == null ? 0 : task.percentProgress()) + "%"
                        + (task.failureCause() == null ? "" : " (" + task.failureCause() + ")"),
                task -> "COMPLETE".equals(task.status()), RdsExports::broken);
        return new ExportRef(taskId, vault.bucket(), prefix);
    }

    private static boolean broken(ExportTask task) {
        return "FAILED".equals(task.status()) || "CANCELED".equals(task.status()) || "CANCELING".equals(task.status());
    }
}
