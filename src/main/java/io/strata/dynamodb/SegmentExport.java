package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.Progress;
import io.strata.vault.DataFile;
import io.strata.vault.stream.S3MultipartOutputStream;
import io.strata.vault.Vault;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * One segment of a parallel Scan streamed as gzip'd DynamoDB JSON lines into one S3 object.
 * Memory is one Scan page plus one upload part, whatever the table's size.
 */
final class SegmentExport implements Callable<Optional<DataFile>> {

    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final String table;
    private final int segment;
    private final int totalSegments;
    private final int pageSize;
    private final String dataKey;
    private final ReadRateLimiter limiter;
    private final Progress progress;
    private final BooleanSupplier cancelled;

    SegmentExport(DynamoDbClient dynamoDb, Vault vault, String table, int segment, int totalSegments, int pageSize,
                  String dataKey, ReadRateLimiter limiter, Progress progress, BooleanSupplier cancelled) {
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.table = table;
        this.segment = segment;
        this.totalSegments = totalSegments;
        this.pageSize = pageSize;
        this.dataKey = dataKey;
        this.limiter = limiter;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /**
     * Deflate level 1: on DynamoDB JSON it costs a few percent of size and a third of the CPU of
     * the default level, CPU that a parallel export would otherwise take from the scan.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** The data file written, or empty when the segment holds no item. */
    @Override
    public Optional<DataFile> call() throws IOException, InterruptedException {
        long items = 0;
        try (S3MultipartOutputStream upload = vault.openUpload(dataKey)) {
            GZIPOutputStream gzip = new FastGzipOutputStream(upload);
            BufferedOutputStream out = new BufferedOutputStream(gzip, 64 * 1024);
            JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            Map<String, AttributeValue> startKey = null;
            do {
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("export of " + table + " stopped before it finished");
                }
                Map<String, AttributeValue> from = startKey;
                RawScanItems.Page raw = new RawScanItems.Page();
                ScanResponse page = dynamoDb.scan(r -> r.tableName(table).segment(segment).totalSegments(totalSegments)
                        .limit(pageSize).exclusiveStartKey(from).returnConsumedCapacity(limiter.capacityToReport())
                        .overrideConfiguration(o -> o.putExecutionAttribute(RawScanItems.PAGE, raw)));
                if (raw.captured()) {
                    raw.writeLines(out);
                } else {
                    for (Map<String, AttributeValue> item : page.items()) {
                        ItemCodec.writeLine(json, item);
                    }
                    json.flush();
                }
                items += page.count();
                progress.add(page.count());
                if (page.consumedCapacity() != null && page.consumedCapacity().capacityUnits() != null) {
                    limiter.consumed(page.consumedCapacity().capacityUnits());
                }
                startKey = ScanPages.next(page);
            } while (startKey != null);
            if (items == 0) {
                return Optional.empty();
            }
            out.flush();
            gzip.finish();
            return Optional.of(DataFile.of(upload.commit(), items));
        }
    }
}
