package io.strata.bench;

import io.strata.vault.Listing;
import io.strata.vault.Vault;
import io.strata.vault.lock.ObjectEncryption;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bench/run-catalog}: the whole-vault catalog ({@code strata list}, JMX and the archive pass's
 * listing all run it) over N recovery points on {@link LatencyS3}, an in-memory S3 read path that holds
 * every answer back by a fixed latency, running in a JVM of its own (seeded there). S3Mock cannot hold
 * 10,000 recovery points (bench/README.md), and what decides whether 10,000 list in seconds is the
 * number of requests, how many are in flight, and Strata's own CPU per descriptor: this measures those,
 * each process's CPU apart, and how long each process's threads waited for a CPU (on a shared machine,
 * most of a slow round).
 *
 * <p>Arguments: endpoint server-pid points tables latency-ms warm-up-rounds rounds.
 */
public final class CatalogScaleBenchmark {

    /** One listing: wall, CPU and CPU wait of each process, the GETs' mean in flight, the requests. */
    private record Round(double wall, double strataCpu, double serverCpu, double strataWait, double serverWait,
                         double inFlight, String requests) {
    }

    private CatalogScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        long server = Long.parseLong(args[1]);
        int points = Integer.parseInt(args[2]);
        int tables = Integer.parseInt(args[3]);
        long latency = Long.parseLong(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);
        long self = ProcessHandle.current().pid();
        RequestCounter requests = new RequestCounter();
        try (S3Client client = client(endpoint, requests); RunQueueWait waits = new RunQueueWait(self, server)) {
            Vault vault = new Vault(client, LatencyS3.BUCKET, "", ObjectEncryption.of("AES256", null), 8);
            System.out.printf("%,d recovery points over %,d tables (%,d objects), %d ms per request, %d warm-up + %d "
                    + "measured rounds; load average %s%n", points, tables, points * 4L, latency, warmup, rounds, load());
            List<Round> measured = new ArrayList<>();
            for (int round = 1; round <= warmup + rounds; round++) {
                requests.take();
                waits.take(self);
                waits.take(server);
                waits.samplerCpu();
                long cpu = CpuMeter.selfNanos();
                long serverCpu = CpuMeter.processNanos(server);
                long start = System.nanoTime();
                Listing listing = vault.list(point -> true);
                double wall = (System.nanoTime() - start) / 1e9;
                Round r = round(wall, cpu, serverCpu, server, waits, self, requests.take());
                if (listing.points().size() != points || !listing.problems().isEmpty()) {
                    throw new IllegalStateException("listed " + listing.points().size() + " of " + points + ", problems "
                            + listing.problems());
                }
                boolean warm = round > warmup;
                if (warm) {
                    measured.add(r);
                }
                System.out.printf("%-9s %6.2f s (%,.0f points/s) [cpu strata %.2f s, latency-s3 %.2f s; waited for a CPU: "
                        + "strata %.1f s, latency-s3 %.1f s] GETs in flight %.1f; load %s; %s%n",
                        warm ? "round " + (round - warmup) : "warm-up " + round, r.wall(), points / r.wall(), r.strataCpu(),
                        r.serverCpu(), r.strataWait(), r.serverWait(), r.inFlight(), load(), r.requests());
            }
            summary(measured, points);
        }
    }

    private static Round round(double wall, long cpuBefore, long serverCpuBefore, long server, RunQueueWait waits,
                               long self, Map<String, RequestCounter.Calls> calls) {
        RequestCounter.Calls gets = calls.get("S3.GetObject");
        // The wait sampler's own CPU is taken out: what is left is the catalog's.
        return new Round(wall, (CpuMeter.selfNanos() - cpuBefore) / 1e9 - waits.samplerCpu(),
                (CpuMeter.processNanos(server) - serverCpuBefore) / 1e9, waits.take(self), waits.take(server),
                gets == null ? 0 : gets.busySeconds() / wall, RequestCounter.format(calls));
    }

    private static void summary(List<Round> rounds, int points) {
        System.out.printf("median of %d measured rounds (min–max), each column on its own:%n", rounds.size());
        System.out.printf("  wall                    %s s%n", median(rounds, Round::wall, "%.2f"));
        System.out.printf("  cpu strata              %s s (%s ms per recovery point)%n", median(rounds, Round::strataCpu,
                "%.2f"), median(rounds, r -> r.strataCpu() * 1000 / points, "%.2f"));
        System.out.printf("  cpu latency-s3          %s s%n", median(rounds, Round::serverCpu, "%.2f"));
        System.out.printf("  strata waited for a CPU %s s%n", median(rounds, Round::strataWait, "%.1f"));
        System.out.printf("  GETs in flight          %s%n", median(rounds, Round::inFlight, "%.1f"));
        System.out.printf("list of %,d recovery points: median %s s; load average %s after the runs%n", points,
                String.format("%.2f", sorted(rounds, Round::wall).get(rounds.size() / 2)), load());
    }

    private static String median(List<Round> rounds, ToDoubleFunction<Round> column, String format) {
        List<Double> values = sorted(rounds, column);
        return String.format(format + " (" + format + "–" + format + ")", values.get(values.size() / 2), values.get(0),
                values.get(values.size() - 1));
    }

    private static List<Double> sorted(List<Round> rounds, ToDoubleFunction<Round> column) {
        return rounds.stream().map(column::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
    }

    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static S3Client client(URI endpoint, RequestCounter requests) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128))
                .overrideConfiguration(o -> o.addExecutionInterceptor(requests)).build();
    }
}
