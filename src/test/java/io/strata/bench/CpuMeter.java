package io.strata.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds spent since the last lap by this (Strata) process and by each emulator JVM, to tell
 * which of them bounds a phase on the 2 cores. bench/run passes the emulator pids as
 * {@code -Dbench.pid.dynamodb-local} and {@code -Dbench.pid.s3mock}.
 */
final class CpuMeter {

    /** One phase: CPU seconds per process (NaN when the pid was not given) and wall seconds. */
    record Lap(double strata, double dynamoDbLocal, double s3Mock, double wall) {

        @Override
        public String toString() {
            return String.format("[cpu strata %s, dynamodb-local %s, s3mock %s, wall %.1fs]", seconds(strata),
                    seconds(dynamoDbLocal), seconds(s3Mock), wall);
        }

        static String seconds(double value) {
            return Double.isNaN(value) ? "n/a" : String.format("%.1fs", value);
        }
    }

    private static final long DYNAMODB_PID = Long.getLong("bench.pid.dynamodb-local", -1);
    private static final long S3MOCK_PID = Long.getLong("bench.pid.s3mock", -1);

    private long lastSelf = selfNanos();
    private long lastDynamoDb = processNanos(DYNAMODB_PID);
    private long lastS3 = processNanos(S3MOCK_PID);
    private long lastWall = System.nanoTime();

    Lap lap() {
        long self = selfNanos();
        long dynamoDb = processNanos(DYNAMODB_PID);
        long s3 = processNanos(S3MOCK_PID);
        long wall = System.nanoTime();
        Lap lap = new Lap((self - lastSelf) / 1e9, delta(dynamoDb, lastDynamoDb), delta(s3, lastS3),
                (wall - lastWall) / 1e9);
        lastSelf = self;
        lastDynamoDb = dynamoDb;
        lastS3 = s3;
        lastWall = wall;
        return lap;
    }

    private static double delta(long now, long before) {
        return now < 0 ? Double.NaN : (now - before) / 1e9;
    }

    static long selfNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime from /proc (clock ticks of 10 ms), -1 without a pid; a vanished emulator is an error, not 0. */
    static long processNanos(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException("emulator process " + pid + " is gone", e);
        }
    }
}
