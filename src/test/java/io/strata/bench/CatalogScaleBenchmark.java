package io.strata.bench;

import io.strata.vault.DataFile;
import io.strata.text.Json;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.lock.ObjectEncryption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bench/run-catalog}: the whole-vault catalog ({@code strata list}, JMX and the archive pass's
 * listing all run it) over N recovery points on {@link LatencyS3}, an in-memory S3 read path that holds
 * every answer back by a fixed latency. S3Mock cannot hold 10,000 recovery points (bench/README.md), and
 * what decides whether 10,000 list in seconds is the number of requests, how many are in flight, and
 * Strata's own CPU per descriptor: this measures those.
 *
 * <p>Arguments: points tables latency-ms rounds.
 */
public final class CatalogScaleBenchmark {

    private CatalogScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int points = Integer.parseInt(args[0]);
        int tables = Integer.parseInt(args[1]);
        long latency = Long.parseLong(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String bucket = "catalog-scale";
        RequestCounter requests = new RequestCounter();
        try (LatencyS3 s3 = new LatencyS3(bucket, latency); S3Client client = client(s3.endpoint(), requests)) {
            Vault vault = new Vault(client, bucket, "", ObjectEncryption.of("AES256", null), 8);
            seed(s3, vault, points, tables);
            System.out.printf("%,d recovery points over %,d tables (%,d objects), %d ms per request, %d rounds%n",
                    points, tables, points * 4L, latency, rounds);
            List<Double> walls = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                requests.take();
                CpuMeter cpu = new CpuMeter();
                long start = System.nanoTime();
                Listing listing = vault.list(point -> true);
                double wall = (System.nanoTime() - start) / 1e9;
                CpuMeter.Lap lap = cpu.lap();
                if (listing.points().size() != points || !listing.problems().isEmpty()) {
                    throw new IllegalStateException("listed " + listing.points().size() + " of " + points + ", problems "
                            + listing.problems());
                }
                walls.add(wall);
                System.out.printf("round %d  list (whole vault) %,d points in %.2f s (%,.0f points/s), cpu strata %.1f s; "
                        + "requests: %s%n", round, points, wall, points / wall, lap.strata(), RequestCounter.format(requests.take()));
            }
            walls.sort(Double::compare);
            System.out.printf("median list of %,d recovery points: %.2f s (min %.2f, max %.2f)%n", points,
                    walls.get(walls.size() / 2), walls.get(0), walls.get(walls.size() - 1));
        }
    }

    private static S3Client client(URI endpoint, RequestCounter requests) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128))
                .overrideConfiguration(o -> o.addExecutionInterceptor(requests)).build();
    }

    /** One recovery point a day per table, each folder as an export leaves it: descriptor, two manifests, a data file. */
    private static void seed(LatencyS3 s3, Vault vault, int points, int tables) throws Exception {
        Instant today = Instant.parse("2026-06-01T02:00:00Z");
        for (int i = 0; i < points; i++) {
            String table = String.format("bench-%04d", i % tables);
            Instant started = today.minus(Duration.ofDays(i / tables)).plusSeconds(i % tables);
            RecoveryPointKey key = RecoveryPointKey.create(vault.prefix(), "dynamodb", "us-east-1", table, started);
            String data = key.prefix() + "AWSDynamoDB/0000/data/part-0000.json.gz";
            RecoveryPoint point = new RecoveryPoint("bench", key.prefix(), "dynamodb:" + table, "dynamodb", "us-east-1",
                    "bench", "scan", started, started.plusSeconds(30), 8, 3042, key.prefix() + "AWSDynamoDB/0000/",
                    List.of(new DataFile(data, 8, 3042, "\"etag\"", "md5", "sha")), null, null);
            s3.put(key.descriptorKey(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(point));
            s3.put(key.prefix() + "AWSDynamoDB/0000/manifest-files.json", "{}".getBytes(StandardCharsets.UTF_8));
            s3.put(key.prefix() + "AWSDynamoDB/0000/manifest-summary.json", "{}".getBytes(StandardCharsets.UTF_8));
            s3.put(data, new byte[3042]);
        }
    }
}
