package io.strata.monitor;

import io.strata.plan.BackupPlan;
import io.strata.plan.ResourceSelector;
import io.strata.run.RunReport;
import io.strata.service.CatalogQuery;
import io.strata.text.Json;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The metrics a daemon had before it restarted, read back from the vault at start-up: the counters from the
 * newest {@value #REPORTS} run reports ({@code strata/runs/}), the last success of each plan's resources and
 * the vault's bytes per storage class from their committed descriptors ({@link CatalogQuery}, the plans'
 * selectors only). Bounded work: a vault with years of runs costs one listing of the reports and
 * {@value #REPORTS} reads. What cannot be read is logged and left out; it never stops the daemon.
 */
public final class MetricsHistory {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHistory.class);
    /** The newest run reports counted; older ones are left to Prometheus' own memory of the counters. */
    static final int REPORTS = 500;
    private static final int READERS = 8;

    private final Vault vault;
    private final CatalogQuery catalog;

    public MetricsHistory(Vault vault, CatalogQuery catalog) {
        this.vault = vault;
        this.catalog = catalog;
    }

    /** Sets {@code metrics} from the vault; returns how many run reports and recovery points were read. */
    public String rebuild(List<BackupPlan> plans, BackupMetrics metrics) {
        int reports = 0;
        int points = 0;
        try {
            for (RunReport report : reports()) {
                metrics.count(report);
                reports++;
            }
        } catch (RuntimeException e) {
            LOG.warn("Metrics: the run reports in s3://{}/{}strata/runs/ could not be read: {}", vault.bucket(),
                    vault.prefix(), e.getMessage());
        }
        List<ResourceSelector> selectors = plans.stream().flatMap(plan -> plan.resources().stream()).distinct().toList();
        if (!selectors.isEmpty()) {
            try {
                Listing listing = catalog.find(vault, selectors, point -> true);
                for (RecoveryPoint point : listing.points()) {
                    metrics.committed(point.plan(), point.resource(), point.finishedAt(),
                            Duration.between(point.startedAt(), point.finishedAt()).toMillis() / 1000.0,
                            point.itemCount(), point.bytes());
                    points++;
                }
                metrics.vaultBytes(bytesByStorageClass(listing));
            } catch (RuntimeException e) {
                LOG.warn("Metrics: the plans' recovery points could not be listed: {}", e.getMessage());
            }
        }
        String read = reports + " run report(s) and " + points + " recovery point(s)";
        LOG.info("Metrics rebuilt from the vault: {}", read);
        return read;
    }

    private static Map<String, Long> bytesByStorageClass(Listing listing) {
        return listing.objects().values().stream().flatMap(List::stream).collect(Collectors.groupingBy(
                object -> object.storageClass() == null ? "STANDARD" : object.storageClass(), TreeMap::new,
                Collectors.summingLong(StoredObject::size)));
    }

    /** The newest run reports, oldest first (their keys begin with the run's start time). */
    List<RunReport> reports() {
        List<String> keys = vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())
                        .prefix(vault.prefix() + "strata/runs/")).contents().stream().map(S3Object::key)
                .filter(key -> key.endsWith(".json") && !key.contains("-forget-"))
                .sorted(Comparator.naturalOrder()).collect(Collectors.toCollection(ArrayList::new));
        List<String> newest = keys.subList(Math.max(0, keys.size() - REPORTS), keys.size());
        ExecutorService readers = Executors.newFixedThreadPool(READERS, runnable -> {
            Thread thread = new Thread(runnable, "strata-metrics-history");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<RunReport>> read = new ArrayList<>();
            for (String key : newest) {
                read.add(readers.submit(() -> read(key)));
            }
            List<RunReport> reports = new ArrayList<>();
            for (Future<RunReport> report : read) {
                RunReport made = report.get();
                if (made != null) {
                    reports.add(made);
                }
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading run reports", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            readers.shutdownNow();
        }
    }

    /** One report; null (logged) when it is not one, so a planted or foreign object costs only itself. */
    private RunReport read(String key) {
        try {
            RunReport report = Json.MAPPER.readValue(vault.readSigned(key), RunReport.class);
            return report.runId() == null || report.finishedAt() == null ? null : report;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Metrics: s3://{}/{} is no readable run report: {}", vault.bucket(), key, e.getMessage());
            return null;
        }
    }
}
