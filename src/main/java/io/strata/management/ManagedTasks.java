package io.strata.management;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long JMX operations, run on a small pool so that a JMX call returns at once; the latest
 * {@value #KEPT} tasks keep their status for {@code status(id)}.
 */
public final class ManagedTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedTasks.class);
    static final int KEPT = 200;

    /** What a task produced: whether it succeeded, and the text a user reads. */
    public record Result(boolean ok, String summary) {
    }

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool;
    private final Map<String, String> statuses = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    public ManagedTasks(int size) {
        pool = Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, "strata-jmx-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts {@code work} under {@code id}; its status is RUNNING until it ends. */
    public String submit(String id, String description, Supplier<Result> work) {
        put(id, "RUNNING\n" + description);
        pool.execute(() -> {
            try {
                Result result = work.get();
                put(id, (result.ok() ? "OK\n" : "FAILED\n") + result.summary());
            } catch (RuntimeException e) {
                LOG.warn("JMX task {} ({}) failed", id, description, e);
                put(id, "FAILED\n" + description + ": " + e.getMessage());
            } catch (Error e) {
                // An OutOfMemoryError or a class that failed to load: the task is over, say so, and let it propagate.
                put(id, "FAILED\n" + description + ": " + e);
                throw e;
            }
        });
        return id;
    }

    public String status(String id) {
        synchronized (statuses) {
            String status = statuses.get(id);
            if (status == null) {
                throw new IllegalArgumentException("No task '" + id + "' (ids are returned by runPlan, backup, verify "
                        + "and restore; the latest " + KEPT + " are kept)");
            }
            return status;
        }
    }

    private void put(String id, String status) {
        synchronized (statuses) {
            statuses.put(id, status);
        }
    }

    /** Tasks still running are interrupted: the runtime they use is stopping. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
