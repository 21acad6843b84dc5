package io.strata.bench;

import io.strata.dynamodb.DynamoDbSettings;
import io.strata.config.AwsClients;
import io.strata.config.StrataSettings;
import io.strata.dynamodb.ExportSourceResolver;
import io.strata.dynamodb.RawScanItems;
import io.strata.dynamodb.RestoreResult;
import io.strata.dynamodb.TableExporter;
import io.strata.dynamodb.TableRestorer;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Strata's export and restore against the raw speed of the endpoint, same item count, same
 * segments and writers on both sides: raw parallel Scan (count only) vs. export, raw BatchWriteItem
 * vs. restore. Each pair runs WARMUP uncounted rounds, then ROUNDS (at least 5) measured rounds;
 * each phase reports the median items/s with the min–max, and the ratios are median / median.
 * Usage: Benchmark DYNAMODB_URL S3_URL ITEMS SEGMENTS WRITERS WARMUP ROUNDS
 */
public final class Benchmark {

    private static final String SOURCE = "bench-source";

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: Benchmark DYNAMODB_URL S3_URL ITEMS SEGMENTS WRITERS WARMUP ROUNDS");
            System.exit(2);
        }
        long items = Long.parseLong(args[2]);
        int segments = Integer.parseInt(args[3]);
        int writers = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int measured = Integer.parseInt(args[6]);
        Rounds rounds;
        try {
            rounds = new Rounds(warmup, measured);
        } catch (IllegalArgumentException e) {
            System.err.println("Benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        Properties p = new Properties();
        p.setProperty("strata.local", "true");
        p.setProperty("strata.aws.endpoint.dynamodb", args[0]);
        p.setProperty("strata.aws.endpoint.s3", args[1]);
        p.setProperty("strata.vault.bucket", "bench-vault");
        p.setProperty("strata.dynamodb.segments", String.valueOf(segments));
        p.setProperty("strata.dynamodb.writers", String.valueOf(writers));
        StrataSettings settings = StrataSettings.from(p);
        try (AwsClients clients = new AwsClients(settings, List.of(new RawScanItems()))) {
            DynamoDbClient dynamoDb = clients.dynamoDb();
            Vault vault = Vault.from(clients.s3(), settings);
            vault.checkBucket(true);
            System.out.printf("items %,d, segments %d, writers %d, warm-up rounds %d, measured rounds %d, max heap %d MiB%n",
                    items, segments, writers, warmup, measured, Runtime.getRuntime().maxMemory() >> 20);

            RawBaseline.createTable(dynamoDb, SOURCE);
            CpuMeter seedCpu = new CpuMeter();
            double seed = RawBaseline.write(dynamoDb, SOURCE, items, writers);
            System.out.printf("seed (BatchWriteItem)      %,10.0f items/s %s%n", seed, seedCpu.lap());

            Phase scan = new Phase("raw scan");
            Phase export = new Phase("strata export");
            AtomicReference<RecoveryPoint> point = new AtomicReference<>();
            rounds.run(scan, round -> {
                CpuMeter cpu = new CpuMeter();
                return new Phase.Sample(RawBaseline.scan(dynamoDb, SOURCE, segments, items), cpu.lap());
            }, export, round -> {
                CpuMeter cpu = new CpuMeter();
                long start = System.nanoTime();
                RecoveryPoint exported = new TableExporter(dynamoDb, vault, DynamoDbSettings.from(settings.properties()), Clock.systemUTC(),
                        "us-east-1").export(SOURCE, "bench");
                RawBaseline.check(exported.itemCount(), items, "export");
                Phase.Sample sample = new Phase.Sample(exported.itemCount() / RawBaseline.seconds(start), cpu.lap());
                point.set(exported);
                Thread.sleep(1100); // recovery points are keyed by the second; harmless once keys are unique
                return sample;
            });
            System.out.printf("last recovery point: %s, %,d bytes gzip%n", point.get().key(), point.get().bytes());

            Phase write = new Phase("raw write");
            Phase restore = new Phase("strata restore");
            rounds.run(write, round -> {
                String raw = "bench-raw-" + round;
                RawBaseline.createTable(dynamoDb, raw);
                CpuMeter cpu = new CpuMeter(); // after the table exists: the restore's timer starts after it too
                Phase.Sample sample = new Phase.Sample(RawBaseline.write(dynamoDb, raw, items, writers), cpu.lap());
                dynamoDb.deleteTable(r -> r.tableName(raw));
                return sample;
            }, restore, round -> {
                String restored = "bench-restored-" + round;
                CpuMeter cpu = new CpuMeter();
                RestoreResult result = new TableRestorer(dynamoDb, vault, DynamoDbSettings.from(settings.properties()))
                        .restore(new ExportSourceResolver(vault).resolve(point.get().key()), restored, false, null);
                RawBaseline.check(result.items(), items, "restore");
                Phase.Sample sample = new Phase.Sample(result.items() / result.seconds(), cpu.lap());
                dynamoDb.deleteTable(r -> r.tableName(restored));
                return sample;
            });
            report(measured, warmup, scan, export, write, restore);
        }
        System.exit(0); // the SDK's and DynamoDB Local's threads would keep the JVM alive
    }

    private static void report(int measured, int warmup, Phase scan, Phase export, Phase write, Phase restore)
            throws Exception {
        System.out.printf("median of %d measured rounds (after %d warm-up), items/s (min–max); CPU and wall are medians%n",
                measured, warmup);
        for (Phase phase : new Phase[] {scan, export, write, restore}) {
            System.out.println(phase.summary());
        }
        System.out.printf("peak RSS of this (Strata) process: %d MiB%n", peakRssMiB());
        System.out.printf("per-round ratios (spread): export/raw-scan %s, restore/raw-write %s%n",
                Phase.pairedRatios(export, scan).format("%.2f"), Phase.pairedRatios(restore, write).format("%.2f"));
        System.out.printf("export/raw-scan %.2f%n", export.rate().median() / scan.rate().median());
        System.out.printf("restore/raw-write %.2f%n", restore.rate().median() / write.rate().median());
    }

    static long peakRssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
