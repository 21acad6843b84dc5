package io.strata.monitor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strata.run.ResourceOutcome;
import io.strata.run.RunReport;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Strata's own Prometheus metrics, in the style users know from Velero, labelled {@code plan}, {@code service}
 * and {@code resource} ({@code dynamodb:orders}, as {@code strata list} prints it; plan "" for a run no plan
 * asked for). The values are kept here, not in the meters, so that {@link MetricsHistory} can set them from
 * the vault at start-up: a restarted daemon reports the last success it finds there, not "never backed up".
 * A gauge appears with its first value: a resource never backed up has no last-success timestamp at all
 * (rather than 1970), which {@code strata_resource_status} reports as MISSING.
 */
public final class BackupMetrics {

    private final MeterRegistry registry;
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> vaultBytes = new ConcurrentHashMap<>();

    /**
     * @param notificationFailures the notifications' failure count ({@link Notifications#failures()}), shown as
     *                             {@code strata_notification_failure_total}
     */
    public BackupMetrics(MeterRegistry registry, LongAdder notificationFailures) {
        this.registry = registry;
        FunctionCounter.builder("strata.notification.failure", notificationFailures, LongAdder::doubleValue)
                .description("Notifications that could not be sent (SNS or webhook); the backups went on")
                .register(registry);
    }

    /** The registry Camel's management server scrapes at {@code /observe/metrics}, Camel's route metrics beside ours. */
    public static PrometheusMeterRegistry prometheus() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A run as it ends: one attempt per outcome, its success or failure, what a success made. */
    public void record(RunReport report) {
        count(report);
        for (ResourceOutcome outcome : report.outcomes()) {
            if (outcome.success()) {
                vaultBytes("STANDARD").addAndGet(outcome.bytes());
            }
        }
    }

    /** A past run (read back at start-up): counted as it was, the vault's bytes left to the descriptors. */
    void count(RunReport report) {
        for (ResourceOutcome outcome : report.outcomes()) {
            Resource resource = resource(report.plan(), outcome.resource());
            resource.attempts.incrementAndGet();
            if (outcome.success()) {
                resource.successes.incrementAndGet();
                resource.succeeded(report.finishedAt(), outcome.seconds(), outcome.items(), outcome.bytes());
            } else {
                resource.failures.incrementAndGet();
            }
        }
    }

    /** A committed recovery point found at start-up: the last success unless a newer one is known. */
    void committed(String plan, String resource, Instant finishedAt, double seconds, long items, long bytes) {
        resource(plan, resource).succeeded(finishedAt, seconds, items, bytes);
    }

    /** {@code strata_vault_bytes{storage_class}}: the bytes of the plans' recovery points, per storage class. */
    void vaultBytes(Map<String, Long> byStorageClass) {
        vaultBytes.values().forEach(bytes -> bytes.set(0));
        byStorageClass.forEach((storageClass, bytes) -> vaultBytes(storageClass).set(bytes));
    }

    /** {@code strata_resource_status}: 0 OK, 1 STALE, 2 CORRUPT, 3 MISSING, 4 FAILED, as the verify route found it. */
    public void status(String plan, String resource, int code) {
        Resource meters = resource(plan, resource);
        meters.status.set(code);
        meters.gauge("strata.resource.status", "0 OK, 1 STALE, 2 CORRUPT, 3 MISSING, 4 FAILED", meters.status::get);
    }

    /**
     * What {@code strata status} and the verify pass say of a resource: its {@code strata_resource_status}
     * (4 for FAILED, a check that could not be made), and when a restore test of it last passed.
     */
    public void state(ResourceState state) {
        status(state.plan(), state.resource(), state.status().ordinal());
        Verification test = state.lastRestoreTest();
        if (test != null && test.ok() && test.finishedAt() != null) {
            restoreTestPassed(state.plan(), state.resource(), test.finishedAt());
        }
    }

    /** {@code strata_restore_test_last_success_timestamp_seconds}: a restore test passed at {@code at}. */
    public void restoreTestPassed(String plan, String resource, Instant at) {
        Resource meters = resource(plan, resource);
        meters.restoreTest.accumulateAndGet(at.getEpochSecond(), Math::max);
        meters.gauge("strata.restore.test.last.success.timestamp.seconds",
                "When the newest recovery point last passed a restore test", () -> meters.restoreTest.get());
    }

    private AtomicLong vaultBytes(String storageClass) {
        return vaultBytes.computeIfAbsent(storageClass, name -> {
            AtomicLong bytes = new AtomicLong();
            Gauge.builder("strata.vault.bytes", bytes, AtomicLong::doubleValue).strongReference(true)
                    .description("Bytes of the plans' recovery points in the vault, per storage class")
                    .tag("storage_class", name).register(registry);
            return bytes;
        });
    }

    private Resource resource(String plan, String id) {
        String planLabel = plan == null ? "" : plan;
        return resources.computeIfAbsent(planLabel + "\n" + id, key -> new Resource(Tags.of("plan", planLabel,
                "service", id.contains(":") ? id.substring(0, id.indexOf(':')) : "", "resource", id)));
    }

    /** One resource of one plan: its counters at once, each gauge with its first value. */
    private final class Resource {
        final Tags tags;
        final AtomicLong attempts = new AtomicLong();
        final AtomicLong successes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong status = new AtomicLong();
        final AtomicLong restoreTest = new AtomicLong();
        final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
        private volatile Instant lastSuccess;
        private volatile double seconds;
        private volatile long items;
        private volatile long bytes;

        Resource(Tags tags) {
            this.tags = tags;
            counter("strata.backup.attempt", "Backups of the resource started", attempts);
            counter("strata.backup.success", "Backups of the resource committed", successes);
            counter("strata.backup.failure", "Backups of the resource failed", failures);
        }

        private void counter(String name, String help, AtomicLong count) {
            FunctionCounter.builder(name, count, AtomicLong::doubleValue).description(help).tags(tags)
                    .register(registry);
        }

        synchronized void succeeded(Instant at, double seconds, long items, long bytes) {
            if (lastSuccess != null && !at.isAfter(lastSuccess)) {
                return;
            }
            lastSuccess = at;
            this.seconds = seconds;
            this.items = items;
            this.bytes = bytes;
            gauge("strata.backup.last.success.timestamp.seconds", "When the newest recovery point was committed",
                    () -> lastSuccess.toEpochMilli() / 1000.0);
            gauge("strata.backup.duration.seconds", "How long the newest successful backup took", () -> this.seconds);
            gauge("strata.backup.items", "Items (rows) in the newest recovery point", () -> this.items);
            gauge("strata.backup.bytes", "Bytes of the newest recovery point", () -> this.bytes);
        }

        void gauge(String name, String help, Supplier<Number> value) {
            gauges.computeIfAbsent(name, n -> Gauge.builder(n, value).description(help).tags(tags)
                    .strongReference(true).register(registry));
        }
    }
}
