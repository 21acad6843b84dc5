package io.strata.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds spent since the last lap by this (Strata) process and by the emulator process
 * (LocalAwsServer), to tell whether a phase was bound by the 2 cores or by latency.
 */
final class CpuMeter {

    /** bench/run passes the emulator JVM's pid. */
    private final long emulatorPid = Long.getLong("bench.emulator.pid", -1);
    private long lastSelf = selfNanos();
    private long lastEmulator = emulatorNanos();
    private long lastWall = System.nanoTime();

    String lap() {
        long self = selfNanos();
        long emulator = emulatorNanos();
        long wall = System.nanoTime();
        String text = String.format("[cpu strata %.1fs, emulators %.1fs, wall %.1fs]", (self - lastSelf) / 1e9,
                (emulator - lastEmulator) / 1e9, (wall - lastWall) / 1e9);
        lastSelf = self;
        lastEmulator = emulator;
        lastWall = wall;
        return text;
    }

    private static long selfNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of the emulator process, from /proc (clock ticks of 10 ms). */
    private long emulatorNanos() {
        if (emulatorPid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + emulatorPid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (Exception e) {
            return 0;
        }
    }
}
