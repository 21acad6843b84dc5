package io.strata.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How long the threads of a process were ready to run but waited for a CPU (Linux
 * {@code /proc/<pid>/task/<tid>/schedstat}, second field), sampled once a second. On a machine shared
 * with other builds the wall time of a phase is mostly that wait: printed beside it, it says how much
 * of a slow round was the machine and how much the work. A thread that ends between two samples takes
 * its last second with it, so the figure is a lower bound; 0 where the kernel keeps no schedstat. The
 * sampler runs in the measured JVM: its own CPU ({@link #samplerCpu}) is for the caller to take out
 * (sampling every 100 ms cost 5 % of the catalog's CPU in a profile; once a second, well under 1 %).
 */
final class RunQueueWait implements AutoCloseable {

    private final Map<Long, Path> processes;
    private final Map<Path, Long> seen = new HashMap<>();
    private final Map<Long, Long> waited = new HashMap<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long samplerNanos;
    private long samplerTaken;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-run-queue-wait");
        thread.setDaemon(true);
        return thread;
    });

    /** Samples the threads of {@code pids} (alive now: their waits so far are the baseline). */
    RunQueueWait(long... pids) {
        processes = new HashMap<>();
        for (long pid : pids) {
            processes.put(pid, Path.of("/proc", Long.toString(pid), "task"));
            waited.put(pid, 0L);
        }
        sample(true);
        sampler.scheduleAtFixedRate(() -> {
            long before = threads.getCurrentThreadCpuTime();
            sample(false);
            synchronized (this) {
                samplerNanos += threads.getCurrentThreadCpuTime() - before;
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** CPU seconds the sampler's own thread spent since the last call. */
    synchronized double samplerCpu() {
        double seconds = (samplerNanos - samplerTaken) / 1e9;
        samplerTaken = samplerNanos;
        return seconds;
    }

    /** Seconds {@code pid}'s threads waited for a CPU since the last call for it. */
    synchronized double take(long pid) {
        sample(false);
        return waited.put(pid, 0L) / 1e9;
    }

    private synchronized void sample(boolean baseline) {
        processes.forEach((pid, tasks) -> {
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    long now = waitNanos(thread.resolve("schedstat"));
                    if (now < 0) {
                        continue;
                    }
                    Long before = seen.put(thread, now);
                    if (!baseline) {
                        waited.merge(pid, now - (before == null ? 0 : before), Long::sum);
                    }
                }
            } catch (IOException gone) {
                // the process ended: its last waits are lost, the figure stays a lower bound
            }
        });
    }

    private static long waitNanos(Path schedstat) {
        try {
            String[] fields = Files.readString(schedstat).trim().split(" ");
            return fields.length > 1 ? Long.parseLong(fields[1]) : -1;
        } catch (IOException | NumberFormatException ended) {
            return -1;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
