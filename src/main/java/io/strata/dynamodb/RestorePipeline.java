package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.strata.service.Progress;
import io.strata.vault.DataFile;
import io.strata.vault.stream.DigestingInputStream;
import io.strata.vault.Vault;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Streams the proven data files of an export into a table: reader threads gunzip and parse the
 * files into batches of 25, a bounded queue hands them to {@code writers} BatchWriteItem threads.
 * Memory is bounded by the queue, never by the table. Each file is read as the object that was
 * proven ({@code If-Match} its ETag) and checked again as it is read.
 */
final class RestorePipeline {

    private static final JsonFactory JSON = new JsonFactory();
    private static final List<WriteRequest> END = List.of();

    private final DynamoDbClient dynamoDb;
    private final Vault vault;
    private final int writers;
    private final int maxAttempts;
    private final BooleanSupplier stopRequested;
    private final boolean changes;

    RestorePipeline(DynamoDbClient dynamoDb, Vault vault, int writers, int maxAttempts, BooleanSupplier stopRequested) {
        this(dynamoDb, vault, writers, maxAttempts, stopRequested, false);
    }

    /** @param changes the files are an incremental export's change lines ({@link ChangeLine}), not items */
    RestorePipeline(DynamoDbClient dynamoDb, Vault vault, int writers, int maxAttempts, BooleanSupplier stopRequested,
                    boolean changes) {
        this.changes = changes;
        this.dynamoDb = dynamoDb;
        this.vault = vault;
        this.writers = writers;
        this.maxAttempts = maxAttempts;
        this.stopRequested = stopRequested;
    }

    /**
     * Outcome counts; {@code notWritten} &gt; 0 means retries ran out for that many items; {@code delta}: by how
     * many items the change lines read change the table (0 for items).
     */
    record Counts(long read, long written, long notWritten, long delta) {
    }

    Counts run(String bucket, List<ProvenFile> files, String table, Progress progress)
            throws IOException, InterruptedException {
        // Deep enough to ride out a reader's pause for its next 8 MiB range (~0.1-0.2 s of writes).
        BlockingQueue<List<WriteRequest>> queue = new ArrayBlockingQueue<>(writers * 16);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong read = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong notWritten = new AtomicLong();
        AtomicLong delta = new AtomicLong();
        int readers = Math.max(1, Math.min(files.size(), 4));
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(readers + writers, r -> {
            Thread thread = new Thread(r, "restore-" + table + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            BatchWriter writer = new BatchWriter(dynamoDb, table, maxAttempts);
            List<Future<?>> writing = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                writing.add(pool.submit(() -> {
                    try {
                        List<WriteRequest> batch;
                        while ((batch = queue.take()) != END) {
                            int missed = writer.write(batch);
                            written.addAndGet(batch.size() - missed);
                            notWritten.addAndGet(missed);
                            progress.add(batch.size() - missed);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                    return null;
                }));
            }
            AtomicInteger nextFile = new AtomicInteger();
            List<Future<?>> reading = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                reading.add(pool.submit(() -> {
                    try {
                        int index;
                        while ((index = nextFile.getAndIncrement()) < files.size() && failure.get() == null) {
                            readFile(bucket, files.get(index), queue, failure, read, delta);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                    return null;
                }));
            }
            for (Future<?> future : reading) {
                await(future);
            }
            for (int i = 0; i < writers; i++) {
                offer(queue, END, failure, true);
            }
            for (Future<?> future : writing) {
                await(future);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        Throwable problem = failure.get();
        if (problem instanceof IOException io) {
            throw io;
        }
        if (problem instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (problem instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (problem != null) {
            throw new IOException(problem);
        }
        return new Counts(read.get(), written.get(), notWritten.get(), delta.get());
    }

    /**
     * Reads one file into batches, then checks its size, digests and item count against what was
     * recorded once more (the proof already did; this costs nothing extra while reading).
     */
    private void readFile(String bucket, ProvenFile proven, BlockingQueue<List<WriteRequest>> queue,
                          AtomicReference<Throwable> failure, AtomicLong read, AtomicLong delta)
            throws IOException, InterruptedException {
        DataFile file = proven.file();
        long items = 0;
        try (DigestingInputStream raw = new DigestingInputStream(vault.openRanged(bucket, file.key(), proven.version()));
             InputStream in = new GZIPInputStream(new BufferedInputStream(raw, 256 * 1024), 64 * 1024);
             JsonParser json = JSON.createParser(in)) {
            List<WriteRequest> batch = new ArrayList<>(BatchWriter.MAX_BATCH);
            WriteRequest write;
            while ((write = next(json, delta)) != null) {
                batch.add(write);
                read.incrementAndGet();
                items++;
                if (batch.size() == BatchWriter.MAX_BATCH) {
                    if (stopRequested.getAsBoolean()) {
                        throw new RestoreException("the restore was asked to stop (signal) before it finished");
                    }
                    if (!offer(queue, batch, failure, false)) {
                        return;
                    }
                    batch = new ArrayList<>(BatchWriter.MAX_BATCH);
                }
            }
            List<String> mismatches = file.mismatches(raw.drain().result(), items);
            if (!mismatches.isEmpty()) {
                throw new IOException("it does not match what was recorded at backup time: " + String.join("; ", mismatches));
            }
            if (!batch.isEmpty()) {
                offer(queue, batch, failure, false);
            }
        } catch (IOException e) {
            String reason = e.getMessage() != null ? e.getMessage()
                    : "unreadable (" + e.getClass().getSimpleName() + ": truncated or empty)";
            throw new IOException("s3://" + bucket + "/" + file.key() + ": " + reason, e);
        }
    }

    /** The next item's put, or the next change line's put or delete; null at the end of the file. */
    private WriteRequest next(JsonParser json, AtomicLong delta) throws IOException {
        if (changes) {
            ChangeLine line = ChangeLine.read(json);
            if (line == null) {
                return null;
            }
            delta.addAndGet(line.delta());
            return line.write();
        }
        Map<String, AttributeValue> item = ItemCodec.readLine(json);
        return item == null ? null : WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    /** Blocks until queued; gives up (false) once another thread failed, unless {@code always}. */
    private static boolean offer(BlockingQueue<List<WriteRequest>> queue, List<WriteRequest> batch,
                                 AtomicReference<Throwable> failure, boolean always) throws InterruptedException {
        while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null && !always) {
                return false;
            }
            if (failure.get() != null) {
                queue.clear();
            }
        }
        return true;
    }

    private static void await(Future<?> future) throws InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            // the task records its own failure
        }
    }
}
