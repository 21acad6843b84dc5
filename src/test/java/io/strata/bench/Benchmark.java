package io.strata.bench;

import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.BatchWriter;
import io.strata.dynamodb.ExportSourceResolver;
import io.strata.dynamodb.RestoreResult;
import io.strata.dynamodb.ScanPages;
import io.strata.dynamodb.TableExporter;
import io.strata.dynamodb.TableRestorer;
import io.strata.dynamodb.TableSchema;
import io.strata.dynamodb.TableCreator;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Strata's export and restore against the raw speed of the endpoint, same item count, same
 * segments and writers on both sides: raw parallel Scan (count only) vs. export, raw BatchWriteItem
 * vs. restore. Each pair runs {@code rounds} times alternately; the best of each is kept.
 * Usage: Benchmark DYNAMODB_URL S3_URL ITEMS SEGMENTS WRITERS ROUNDS
 */
public final class Benchmark {

    private static final String SOURCE = "bench-source";

    public static void main(String[] args) throws Exception {
        long items = Long.parseLong(args[2]);
        int segments = Integer.parseInt(args[3]);
        int writers = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        Properties p = new Properties();
        p.setProperty("strata.local", "true");
        p.setProperty("strata.aws.endpoint.dynamodb", args[0]);
        p.setProperty("strata.aws.endpoint.s3", args[1]);
        p.setProperty("strata.vault.bucket", "bench-vault");
        p.setProperty("strata.dynamodb.segments", String.valueOf(segments));
        p.setProperty("strata.dynamodb.writers", String.valueOf(writers));
        StrataSettings settings = StrataSettings.from(p);
        try (AwsClients clients = new AwsClients(settings)) {
            DynamoDbClient dynamoDb = clients.dynamoDb();
            Vault vault = Vault.from(clients.s3(), settings);
            vault.checkBucket(true);
            System.out.printf("items %,d, segments %d, writers %d, rounds %d, max heap %d MiB%n", items, segments,
                    writers, rounds, Runtime.getRuntime().maxMemory() >> 20);

            createTable(dynamoDb, SOURCE);
            double seed = rawWrite(dynamoDb, SOURCE, items, writers);
            System.out.printf("seed (BatchWriteItem)   %,10.0f items/s%n", seed);

            double bestScan = 0;
            double bestExport = 0;
            RecoveryPoint point = null;
            for (int round = 1; round <= rounds; round++) {
                // Both JVMs keep warming up: alternate who goes first so neither side gets the warmer turn.
                boolean baselineFirst = round % 2 == 1;
                Measured scan = null;
                Measured export = null;
                for (int turn = 0; turn < 2; turn++) {
                    CpuMeter cpu = new CpuMeter();
                    if ((turn == 0) == baselineFirst) {
                        scan = new Measured(rawScan(dynamoDb, SOURCE, segments, items), cpu.lap());
                    } else {
                        long start = System.nanoTime();
                        point = new TableExporter(dynamoDb, vault, settings.dynamodb(), Clock.systemUTC(), "us-east-1")
                                .export(SOURCE, "bench");
                        check(point.itemCount(), items, "export");
                        export = new Measured(point.itemCount() / seconds(start), cpu.lap());
                        Thread.sleep(1100); // recovery points are keyed by the second
                    }
                }
                System.out.printf("round %d: raw scan %,10.0f items/s %s   strata export %,10.0f items/s %s (%,d bytes gzip)%n",
                        round, scan.rate(), scan.cpu(), export.rate(), export.cpu(), point.bytes());
                bestScan = Math.max(bestScan, scan.rate());
                bestExport = Math.max(bestExport, export.rate());
            }

            double bestWrite = 0;
            double bestRestore = 0;
            for (int round = 1; round <= rounds; round++) {
                boolean baselineFirst = round % 2 == 1;
                Measured write = null;
                Measured restore = null;
                for (int turn = 0; turn < 2; turn++) {
                    CpuMeter cpu = new CpuMeter();
                    if ((turn == 0) == baselineFirst) {
                        String raw = "bench-raw-" + round;
                        createTable(dynamoDb, raw);
                        cpu.lap();
                        write = new Measured(rawWrite(dynamoDb, raw, items, writers), cpu.lap());
                        dynamoDb.deleteTable(r -> r.tableName(raw));
                    } else {
                        String restored = "bench-restored-" + round;
                        RestoreResult result = new TableRestorer(dynamoDb, vault, settings.dynamodb())
                                .restore(new ExportSourceResolver(vault).resolve(point.key()), restored, false, null);
                        check(result.items(), items, "restore");
                        restore = new Measured(result.items() / result.seconds(), cpu.lap());
                        dynamoDb.deleteTable(r -> r.tableName(restored));
                    }
                }
                System.out.printf("round %d: raw write %,10.0f items/s %s   strata restore %,10.0f items/s %s%n", round,
                        write.rate(), write.cpu(), restore.rate(), restore.cpu());
                bestWrite = Math.max(bestWrite, write.rate());
                bestRestore = Math.max(bestRestore, restore.rate());
            }
            System.out.printf("best: raw scan %,.0f, export %,.0f, raw write %,.0f, restore %,.0f items/s%n", bestScan,
                    bestExport, bestWrite, bestRestore);
            System.out.printf("peak RSS of this (Strata) process: %d MiB%n", peakRssMiB());
            System.out.printf("export/raw-scan %.2f%n", bestExport / bestScan);
            System.out.printf("restore/raw-write %.2f%n", bestRestore / bestWrite);
        }
        System.exit(0);
    }

    /** Items/s of one phase and the CPU it took. */
    private record Measured(double rate, String cpu) {
    }

    private static void createTable(DynamoDbClient dynamoDb, String table) {
        new TableCreator(dynamoDb).create(table, TableSchema.fromKeys(table, "pk:S,sk:N"));
    }

    /** Parallel Scan that only counts: the endpoint's read limit. */
    private static double rawScan(DynamoDbClient dynamoDb, String table, int segments, long expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(segments);
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            int segment = s;
            futures.add(pool.submit(() -> {
                Map<String, AttributeValue> from = null;
                do {
                    Map<String, AttributeValue> startKey = from;
                    var page = dynamoDb.scan(r -> r.tableName(table).segment(segment).totalSegments(segments)
                            .limit(1000).exclusiveStartKey(startKey));
                    count.addAndGet(page.count());
                    from = ScanPages.next(page);
                } while (from != null);
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double rate = count.get() / seconds(start);
        pool.shutdown();
        check(count.get(), expected, "raw scan");
        return rate;
    }

    /** BatchWriteItem of 25 items from {@code writers} threads: the endpoint's write limit. */
    private static double rawWrite(DynamoDbClient dynamoDb, String table, long items, int writers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                BatchWriter writer = new BatchWriter(dynamoDb, table, 12);
                long first;
                while ((first = next.getAndAdd(BatchWriter.MAX_BATCH)) < items) {
                    List<WriteRequest> batch = new ArrayList<>(BatchWriter.MAX_BATCH);
                    for (long i = first; i < Math.min(items, first + BatchWriter.MAX_BATCH); i++) {
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(BenchItems.item(i)).build()).build());
                    }
                    if (writer.write(batch) != 0) {
                        throw new IllegalStateException("raw write lost items");
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return items / seconds(start);
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " saw " + actual + " items, expected " + expected);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long peakRssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
