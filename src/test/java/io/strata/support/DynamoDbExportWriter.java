package io.strata.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes a completed export of {@link DynamoDbExports} to S3 as DynamoDB's Export to S3 lays it out
 * (DynamoDB developer guide, "Output format"): {@code <prefix>/AWSDynamoDB/<exportId>/data/<name>.json.gz}
 * (gzip'd JSON lines), then {@code manifest-files.json} (one line per data file: {@code itemCount},
 * {@code md5Checksum} = Base64 of the MD5 of the stored object, {@code etag}, {@code dataFileS3Key}), then
 * {@code manifest-summary.json}; every object with the request's {@code S3SseAlgorithm} (AES256 or KMS with
 * {@code S3SseKmsKeyId}). The lines are the caller's: a full export's are {@link #itemLines}; another kind
 * of export passes its own lines and {@code exportType}.
 */
final class DynamoDbExportWriter {

    /** What was written: the summary's key (DescribeExport's ExportManifest) and the totals. */
    record Written(String manifestKey, long billedBytes, long itemCount) {
    }

    private final S3Client s3;
    private final int linesPerFile;

    DynamoDbExportWriter(S3Client s3, int linesPerFile) {
        this.s3 = s3;
        this.linesPerFile = Math.max(1, linesPerFile);
    }

    /** A full export's lines: {@code {"Item":{...}}} per item, in DYNAMODB_JSON. */
    static List<String> itemLines(List<JsonNode> items) {
        return items.stream().map(item -> DynamoDbProxy.JSON.createObjectNode().set("Item", item).toString()).toList();
    }

    /** The empty {@code _started} object beside where the manifests will be. */
    void started(DynamoDbExport export) {
        put(export, folder(export) + "_started", new byte[0]);
    }

    private static String folder(DynamoDbExport export) {
        return (export.prefix().isEmpty() ? "" : export.prefix() + "/") + "AWSDynamoDB/" + export.id() + "/";
    }

    Written write(DynamoDbExport export, Instant ended) {
        return write(export, itemLines(export.items), "FULL_EXPORT", ended);
    }

    Written write(DynamoDbExport export, List<String> lines, String exportType, Instant ended) {
        String folder = folder(export);
        StringBuilder manifest = new StringBuilder();
        long billed = 0;
        for (int from = 0; from < lines.size(); from += linesPerFile) {
            List<String> part = lines.subList(from, Math.min(lines.size(), from + linesPerFile));
            StringBuilder text = new StringBuilder();
            part.forEach(line -> text.append(line).append('\n'));
            billed += text.length();
            byte[] data = gzip(text.toString());
            String key = folder + "data/" + UUID.randomUUID().toString().replace("-", "").substring(0, 26) + ".json.gz";
            put(export, key, data);
            byte[] md5 = md5(data);
            manifest.append(DynamoDbProxy.JSON.createObjectNode().put("itemCount", part.size())
                    .put("md5Checksum", Base64.getEncoder().encodeToString(md5))
                    .put("etag", HexFormat.of().formatHex(md5)).put("dataFileS3Key", key)).append('\n');
        }
        String filesKey = folder + "manifest-files.json";
        put(export, filesKey, manifest.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode summary = DynamoDbProxy.JSON.createObjectNode().put("version", "2020-06-30")
                .put("exportArn", export.arn).put("startTime", export.started.toString()).put("endTime", ended.toString())
                .put("tableArn", export.tableArn).put("tableId", export.tableId)
                .put("exportTime", export.exportTime.toString()).put("s3Bucket", export.bucket())
                .put("s3Prefix", export.prefix().isEmpty() ? null : export.prefix())
                .put("s3SseAlgorithm", export.request.path("S3SseAlgorithm").asText("AES256"))
                .put("s3SseKmsKeyId", export.request.path("S3SseKmsKeyId").asText(null))
                .put("manifestFilesS3Key", filesKey).put("billedSizeBytes", billed).put("itemCount", lines.size())
                .put("outputFormat", "DYNAMODB_JSON").put("exportType", exportType);
        String summaryKey = folder + "manifest-summary.json";
        put(export, summaryKey, summary.toString().getBytes(StandardCharsets.UTF_8));
        return new Written(summaryKey, billed, lines.size());
    }

    private void put(DynamoDbExport export, String key, byte[] bytes) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(export.bucket()).key(key);
        if (export.request.path("S3SseAlgorithm").asText("AES256").equals("KMS")) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS);
            if (export.request.hasNonNull("S3SseKmsKeyId")) {
                request.ssekmsKeyId(export.request.get("S3SseKmsKeyId").asText());
            }
        } else {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        s3.putObject(request.build(), RequestBody.fromBytes(bytes));
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
