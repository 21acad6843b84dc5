package io.strata.dynamodb;

import com.fasterxml.jackson.databind.ObjectReader;
import io.strata.service.Failures;
import io.strata.text.Json;
import io.strata.vault.DataFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The two manifests of DynamoDB's native Export to S3, field for field, so that AWS ImportTable
 * reads a Strata export and Strata reads a native one.
 */
public final class ExportManifest {

    public static final String SUMMARY = "manifest-summary.json";
    public static final String FILES = "manifest-files.json";
    public static final String VERSION = "2020-06-30";
    public static final String FORMAT = "DYNAMODB_JSON";

    private ExportManifest() {
    }

    /** {@code manifest-summary.json}. */
    public record Summary(String version, String exportArn, Instant startTime, Instant endTime, String tableArn,
                          String tableId, Instant exportTime, String s3Bucket, String s3Prefix, String s3SseAlgorithm,
                          String s3SseKmsKeyId, String manifestFilesS3Key, long billedSizeBytes, long itemCount,
                          String outputFormat) {
    }

    /** One line of {@code manifest-files.json}. */
    public record FileEntry(long itemCount, String md5Checksum, String etag, String dataFileS3Key) {

        public static FileEntry of(DataFile file) {
            return new FileEntry(file.itemCount(), file.md5Base64(), file.etag(), file.key());
        }
    }

    /** JSON lines, as DynamoDB writes them. */
    public static byte[] filesToBytes(List<FileEntry> entries) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (FileEntry entry : entries) {
            lines.append(Json.MAPPER.writeValueAsString(entry)).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static List<FileEntry> readFiles(InputStream in) throws IOException {
        ObjectReader reader = Json.MAPPER.readerFor(FileEntry.class);
        List<FileEntry> entries = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(reader.readValue(line));
                } catch (IOException e) {
                    throw new IOException(FILES + " line " + number + " is not a manifest entry: " + Failures.message(e), e);
                }
            }
        }
        return entries;
    }

    public static Summary readSummary(InputStream in) throws IOException {
        return Json.MAPPER.readValue(in, Summary.class);
    }
}
