package io.strata.rds;

import io.strata.rds.RdsDetails.ExportRef;
import io.strata.service.Step;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.rds.model.ExportTaskAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * StartExportTask of a new snapshot into its recovery point's folder (RDS writes Parquet under
 * {@code <prefix>export/<taskId>/}), polled until it completes; the files it wrote are then listed,
 * to be recorded in the recovery point (AWS wrote them: no digests of Strata's, no item counts).
 */
final class RdsExports {

    private static final Logger LOG = LoggerFactory.getLogger(RdsExports.class);

    /** Built on first use: a run without RDS selectors builds no RDS client. */
    private final Supplier<RdsClient> rds;
    private final Throttled throttled;
    private final Vault vault;
    private final RdsSettings settings;
    private final Waiter waiter;

    RdsExports(Supplier<RdsClient> rds, Throttled throttled, Vault vault, RdsSettings settings,
               Waiter waiter) {
        this.rds = rds;
        this.throttled = throttled;
        this.vault = vault;
        this.settings = settings;
        this.waiter = waiter;
    }

    /** A completed export: the task, and every object it wrote under {@code s3Prefix/taskId/}. */
    record Exported(ExportRef ref, List<DataFile> files) {

        Exported {
            files = List.copyOf(files);
        }

        long bytes() {
            return files.stream().mapToLong(DataFile::bytes).sum();
        }
    }

    Exported export(SnapshotState snapshot, RecoveryPointKey key) {
        String taskId = SnapshotIds.exportTask(key);
        String prefix = key.prefix() + "export";
        Step.run("StartExportTask " + taskId + " of snapshot " + snapshot.id(), () -> {
            try {
                throttled.call(() -> rds.get().startExportTask(r -> r.exportTaskIdentifier(taskId).sourceArn(snapshot.arn())
                        .s3BucketName(vault.bucket()).s3Prefix(prefix).iamRoleArn(settings.exportRoleArn())
                        .kmsKeyId(settings.exportKmsKeyId())));
            } catch (ExportTaskAlreadyExistsException e) {
                LOG.info("Export task {} already exists (an earlier attempt started it): waiting for it", taskId);
            }
        });
        String what = "Export " + taskId + " of snapshot " + snapshot.id();
        waiter.until(what, settings.exportTimeout(), "strata.rds.export-timeout",
                () -> Step.run("DescribeExportTasks " + taskId, () -> throttled.call(() -> rds.get().describeExportTasks(
                        r -> r.exportTaskIdentifier(taskId))).exportTasks().get(0)),
                task -> task.status() + " " + (task.percentProgress() == null ? 0 : task.percentProgress()) + "%"
                        + (task.failureCause() == null ? "" : " (" + task.failureCause() + ")"),
                task -> "COMPLETE".equals(task.status()), RdsExports::broken);
        ExportRef ref = new ExportRef(taskId, vault.bucket(), prefix);
        List<DataFile> files = written(ref);
        if (files.isEmpty()) {
            throw new IllegalStateException(what + " is COMPLETE but wrote no file under s3://" + ref.s3Bucket() + "/"
                    + folder(ref) + " (an empty export cannot restore anything: check the snapshot and the export role)");
        }
        LOG.info("{} wrote {} file(s), {} bytes, under s3://{}/{}", what, files.size(),
                files.stream().mapToLong(DataFile::bytes).sum(), ref.s3Bucket(), folder(ref));
        return new Exported(ref, files);
    }

    /** AWS's layout of a snapshot export: everything under {@code <s3Prefix>/<exportTaskIdentifier>/}. */
    static String folder(ExportRef ref) {
        return ref.s3Prefix() + "/" + ref.taskId() + "/";
    }

    private List<DataFile> written(ExportRef ref) {
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(ref.s3Bucket()).prefix(folder(ref))).contents().stream()
                .map(RdsExports::file).toList();
    }

    private static DataFile file(S3Object object) {
        return new DataFile(object.key(), 0, object.size(), object.eTag(), null, null);
    }

    private static boolean broken(ExportTask task) {
        return "FAILED".equals(task.status()) || "CANCELED".equals(task.status()) || "CANCELING".equals(task.status());
    }
}
