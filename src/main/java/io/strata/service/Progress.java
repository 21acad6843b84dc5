package io.strata.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long export or restore: items, items/s and ETA, logged at most every
 * {@code interval} from whichever worker thread crosses it.
 */
public final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final String label;
    private final long expected;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong nextReport;

    public Progress(String label, long expected, Duration interval) {
        this.label = label;
        this.expected = expected;
        this.intervalNanos = interval.toNanos();
        this.nextReport = new AtomicLong(startNanos + intervalNanos);
    }

    public void add(long items) {
        long total = done.addAndGet(items);
        long now = System.nanoTime();
        long due = nextReport.get();
        if (now >= due && nextReport.compareAndSet(due, now + intervalNanos)) {
            LOG.info("{}: {}", label, describe(total, now));
        }
    }

    public long done() {
        return done.get();
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public double itemsPerSecond() {
        double seconds = seconds();
        return seconds > 0 ? done.get() / seconds : 0;
    }

    private String describe(long total, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? total / seconds : 0;
        StringBuilder text = new StringBuilder(String.format("%,d", total));
        if (expected > 0) {
            text.append(String.format("/%,d items (%d%%)", expected, Math.min(100, total * 100 / expected)));
        } else {
            text.append(" items");
        }
        text.append(String.format(", %,.0f items/s", rate));
        if (expected > total && rate > 0) {
            text.append(String.format(", ETA %ds", (long) Math.ceil((expected - total) / rate)));
        }
        return text.toString();
    }
}
