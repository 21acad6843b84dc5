package io.strata.dynamodb;

import io.strata.service.Failures;
import io.strata.vault.DataFile;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;

/**
 * AWS's own manifests of a completed native export in a recovery point's folder, checked before the point is
 * committed: the summary names this export and DYNAMODB_JSON and counts what DescribeExport counted; the
 * summary's count is the sum of {@code manifest-files.json}'s entries; every listed file is stored and no
 * other file lies in {@code data/} ({@link NativeExportFiles}, as a native export's restore checks it). The
 * manifests are then stored again through the vault with the same bytes: with {@code strata.vault.signing-key}
 * they carry the MAC every reader of a recovery point's manifests checks; AWS's copy has none.
 */
final class NativeExportManifests {

    private final Vault vault;

    NativeExportManifests(Vault vault) {
        this.vault = vault;
    }

    /** The data files, each with its stored size and the MD5 and item count AWS recorded for it. */
    List<DataFile> files(String folder, ExportDescription export) {
        String where = "native export " + export.exportArn() + " under s3://" + vault.bucket() + "/" + folder;
        byte[] summaryBytes = read(folder + ExportManifest.SUMMARY, where);
        byte[] filesBytes = read(folder + ExportManifest.FILES, where);
        ExportManifest.Summary summary;
        List<ExportManifest.FileEntry> entries;
        try {
            summary = ExportManifest.readSummary(new ByteArrayInputStream(summaryBytes));
            entries = ExportManifest.readFiles(new ByteArrayInputStream(filesBytes));
        } catch (IOException e) {
            throw new VaultException(where + ": unreadable manifest: " + Failures.message(e), e);
        }
        if (summary.exportArn() != null && !summary.exportArn().equals(export.exportArn())) {
            throw new VaultException(where + ": " + ExportManifest.SUMMARY + " describes " + summary.exportArn());
        }
        if (!ExportManifest.FORMAT.equals(summary.outputFormat())) {
            throw new VaultException(where + ": a " + summary.outputFormat() + " export, not " + ExportManifest.FORMAT);
        }
        if (export.itemCount() != null && export.itemCount() != summary.itemCount()) {
            throw new VaultException(where + ": DescribeExport counts " + export.itemCount() + " items but "
                    + ExportManifest.SUMMARY + " says " + summary.itemCount());
        }
        List<DataFile> files = new NativeExportFiles(vault.s3(), vault.bucket(), folder, where).check(entries, summary);
        vault.putBytes(folder + ExportManifest.FILES, filesBytes, "application/json");
        vault.putBytes(folder + ExportManifest.SUMMARY, summaryBytes, "application/json");
        return files;
    }

    private byte[] read(String key, String where) {
        try (InputStream in = vault.open(key)) {
            return in.readAllBytes();
        } catch (IOException | VaultException e) {
            throw new VaultException(where + ": " + key + " could not be read (" + Failures.message(e) + ")", e);
        }
    }
}
