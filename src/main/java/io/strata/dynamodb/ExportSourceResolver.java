package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.vault.DataFile;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointAddress;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Turns what the user names into an {@link ExportSource}: a recovery point key as {@code strata list}
 * prints it, or {@code s3://bucket/prefix} of a native export (the prefix holding
 * {@code AWSDynamoDB/<id>/manifest-summary.json}, or that folder itself).
 */
public final class ExportSourceResolver {

    private final Vault vault;

    public ExportSourceResolver(Vault vault) {
        this.vault = vault;
    }

    /**
     * A recovery point (as {@code strata list} prints it, or {@code s3://} with its descriptor) is
     * restored with its schema and digests; any other {@code s3://} prefix as a native export.
     */
    public ExportSource resolve(String reference) {
        Optional<RecoveryPointAddress> address = RecoveryPointAddress.find(reference);
        if (address.isEmpty()) {
            return nativeExport(reference.trim());
        }
        Vault holder = address.get().vault(vault);
        return resolve(holder, holder.read(address.get().key()));
    }

    /** A committed recovery point kept in {@code holder}, once its descriptor and manifests agree. */
    public ExportSource resolve(Vault holder, RecoveryPoint point) {
        List<String> disagreements = new ManifestAgreement(holder).problems(point);
        if (!disagreements.isEmpty()) {
            throw new VaultException("Recovery point s3://" + holder.bucket() + "/" + point.key() + " does not agree "
                    + "with its manifests, nothing was restored: " + String.join("; ", disagreements));
        }
        String reference = holder.bucket().equals(vault.bucket()) ? point.key() : "s3://" + holder.bucket() + "/" + point.key();
        return new ExportSource("recovery point s3://" + holder.bucket() + "/" + point.key(), reference, holder.bucket(),
                point.files(), point.itemCount(), TableSchema.of(point));
    }

    private ExportSource nativeExport(String uri) {
        String path = uri.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        // A native export is read, like a recovery point, only from a bucket the settings allow.
        vault.readableIn(bucket);
        String summaryKey = findSummary(bucket, prefix, uri);
        String folder = summaryKey.substring(0, summaryKey.length() - ExportManifest.SUMMARY.length());
        try {
            ExportManifest.Summary summary;
            try (InputStream in = vault.open(bucket, summaryKey)) {
                summary = ExportManifest.readSummary(in);
            }
            if (summary.outputFormat() != null && !ExportManifest.FORMAT.equals(summary.outputFormat())) {
                throw new VaultException("s3://" + bucket + "/" + summaryKey + " is a " + summary.outputFormat()
                        + " export; Strata restores DYNAMODB_JSON exports only");
            }
            List<ExportManifest.FileEntry> entries;
            try (InputStream in = vault.open(bucket, folder + ExportManifest.FILES)) {
                entries = ExportManifest.readFiles(in);
            }
            String description = "native export s3://" + bucket + "/" + folder;
            List<DataFile> files = new NativeExportFiles(vault.s3(), bucket, folder, description).check(entries, summary);
            return new ExportSource(description, "s3://" + bucket + "/" + folder, bucket, files, summary.itemCount(),
                    Optional.empty());
        } catch (IOException e) {
            throw new VaultException("Unreadable export manifest under s3://" + bucket + "/" + folder + ": " + Failures.message(e), e);
        }
    }

    private String findSummary(String bucket, String prefix, String uri) {
        if (prefix.endsWith(ExportManifest.SUMMARY)) {
            return prefix;
        }
        String folder = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        List<String> summaries = vault.s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(folder)).contents()
                .stream().map(S3Object::key).filter(k -> k.endsWith("/" + ExportManifest.SUMMARY) || k.equals(ExportManifest.SUMMARY))
                .toList();
        if (summaries.isEmpty()) {
            throw new VaultException("No " + ExportManifest.SUMMARY + " under " + uri
                    + ": name the prefix of a DynamoDB export (holding AWSDynamoDB/<exportId>/)");
        }
        if (summaries.size() > 1) {
            throw new VaultException(uri + " holds " + summaries.size() + " exports; name one of: "
                    + String.join(", ", summaries.stream().map(k -> "s3://" + bucket + "/"
                    + k.substring(0, k.length() - ExportManifest.SUMMARY.length())).toList()));
        }
        return summaries.get(0);
    }
}
