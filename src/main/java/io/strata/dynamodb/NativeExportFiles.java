package io.strata.dynamodb;

import io.strata.vault.DataFile;
import io.strata.vault.error.VaultException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Cross-checks the three witnesses of a native export before anything is restored from it:
 * {@code manifest-summary.json} (the item count), {@code manifest-files.json} (files, per-file
 * counts, MD5) and the objects actually stored under {@code data/}. A manifest cut short, a file
 * missing or a file no manifest lists fails with the numbers; the per-file counts and MD5 are
 * then checked again while the restore reads each file.
 */
final class NativeExportFiles {

    private final S3Client s3;
    private final String bucket;
    private final String folder;
    private final String description;

    NativeExportFiles(S3Client s3, String bucket, String folder, String description) {
        this.s3 = s3;
        this.bucket = bucket;
        this.folder = folder;
        this.description = description;
    }

    /** The files to restore, each with the size stored and the MD5 and count the manifest records. */
    List<DataFile> check(List<ExportManifest.FileEntry> entries, ExportManifest.Summary summary) {
        long listed = entries.stream().mapToLong(ExportManifest.FileEntry::itemCount).sum();
        if (listed != summary.itemCount()) {
            throw new VaultException(description + ": " + ExportManifest.FILES + " lists " + entries.size() + " files with "
                    + listed + " items, but " + ExportManifest.SUMMARY + " says " + summary.itemCount()
                    + " items: the manifest is incomplete or altered, nothing was restored");
        }
        Map<String, S3Object> stored = new LinkedHashMap<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(folder + "data/")).contents()
                .forEach(object -> stored.put(name(object.key()), object));
        List<DataFile> files = new ArrayList<>();
        for (ExportManifest.FileEntry entry : entries) {
            // An export copied elsewhere keeps its old absolute keys: its files are found beside the manifest.
            S3Object beside = stored.remove(name(entry.dataFileS3Key()));
            String key = beside != null ? beside.key() : entry.dataFileS3Key();
            long size = beside != null ? beside.size() : sizeOf(key);
            files.add(new DataFile(key, entry.itemCount(), size, entry.etag(), entry.md5Checksum(), null));
        }
        if (!stored.isEmpty()) {
            throw new VaultException(description + ": data/ holds " + stored.size() + " file(s) that "
                    + ExportManifest.FILES + " does not list (" + String.join(", ", stored.keySet().stream().limit(3).toList())
                    + "): the manifest is incomplete, nothing was restored");
        }
        return files;
    }

    private long sizeOf(String key) {
        try {
            return s3.headObject(r -> r.bucket(bucket).key(key)).contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new VaultException(description + ": " + ExportManifest.FILES + " lists s3://" + bucket + "/" + key
                        + ", which is missing (and not beside the manifest either)", e);
            }
            throw e;
        }
    }

    private static String name(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
