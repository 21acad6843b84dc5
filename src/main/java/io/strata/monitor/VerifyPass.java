package io.strata.monitor;

import io.strata.service.Failures;
import io.strata.service.ServiceRegistry;
import io.strata.tiering.StoredTiers;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.StorageTier;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The steps of {@code routes/verify.camel.yaml}: every resource of every plan; for each, its newest
 * recovery point verified by its service (digests of every data file; every snapshot there and
 * available in each region) and judged by its age, the result written beside the point; then one
 * summary. A check never throws: what goes wrong is that resource's FAILED.
 */
public final class VerifyPass {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyPass.class);

    private final Inventory inventory;
    private final ServiceRegistry services;
    private final Vault vault;
    private final Verifications records;
    private final StatusReader status;
    private final Properties properties;
    private final Clock clock;
    private final List<Consumer<VerifyReport>> listeners = new CopyOnWriteArrayList<>();

    public VerifyPass(Inventory inventory, ServiceRegistry services, Vault vault, Properties properties, Clock clock) {
        this.inventory = inventory;
        this.services = services;
        this.vault = vault;
        this.records = new Verifications(vault);
        this.status = new StatusReader(inventory, records, properties, clock);
        this.properties = properties;
        this.clock = clock;
    }

    /** Told of every pass's report (the metrics' strata_resource_status, the notifications). */
    public void onReport(Consumer<VerifyReport> listener) {
        listeners.add(listener);
    }

    /** Every resource of every plan, each with its recovery points. */
    public List<PlanResource> resources() {
        List<PlanResource> all = inventory.all();
        LOG.info("Verify: {} resource(s) of {} plan(s)", all.size(), all.stream().map(PlanResource::plan).distinct().count());
        return all;
    }

    /** Verifies the resource's newest point, writes the {@code verify} record, and says what the resource is now. */
    public ResourceState check(PlanResource resource) {
        MDC.put("resource", resource.resource());
        try {
            if (resource.problem() != null || resource.newest().isEmpty()) {
                return status.state(resource); // nothing to verify: FAILED (unresolved) or MISSING
            }
            RecoveryPoint point = resource.newest().get();
            Verification record = verify(resource, point);
            try {
                records.write(record);
            } catch (RuntimeException e) {
                LOG.warn("Could not write the verification record of {}: {}", point.key(), e.getMessage());
            }
            return ResourceState.judge(resource.plan(), resource.resource(), record.startedAt(),
                    Freshness.of(properties, resource.plan()), point, StatusReader.storage(resource, point), record,
                    status.lastRestoreTest(resource).orElse(null));
        } catch (RuntimeException e) {
            return ResourceState.unresolved(resource.plan(), resource.resource(), clock.instant(),
                    Freshness.of(properties, resource.plan()), "not checked: " + Failures.message(e));
        } finally {
            MDC.remove("resource");
        }
    }

    private Verification verify(PlanResource resource, RecoveryPoint point) {
        String plan = resource.plan();
        Instant started = clock.instant();
        Duration freshness = Freshness.of(properties, plan);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plan", plan);
        details.put("freshness", freshness.toString());
        details.put("age", point.startedAt() == null ? null : Duration.between(point.startedAt(), started).toString());
        VerificationReport report;
        try {
            report = services.of(point).verify(vault, point);
        } catch (RuntimeException e) {
            return Verification.failed(Verification.VERIFY, point.key(), started, clock.instant(), ResourceStatus.FAILED,
                    "could not be verified: " + Failures.message(e), details);
        }
        details.put("extent", report.extent());
        details.put("findings", report.findings());
        // Archived data files cannot be read without a thaw: a healthy archived point is neither failed nor proven.
        String notRead = report.onlyArchived() ? Verification.notRead(report, archivedClasses(resource, point)) : null;
        Verification verified = Verification.of(Verification.VERIFY, point.key(), started, clock.instant(), report,
                notRead, details);
        if (!verified.ok()) {
            return verified;
        }
        if (point.startedAt() == null || Duration.between(point.startedAt(), started).compareTo(freshness) > 0) {
            return Verification.failed(Verification.VERIFY, point.key(), started, clock.instant(), ResourceStatus.STALE,
                    "verified, but " + Ages.of(point.startedAt() == null ? null : Duration.between(point.startedAt(),
                    started)) + " old, more than the plan's freshness of " + Ages.of(freshness), details)
                    .notReading(notRead);
        }
        return verified;
    }

    private static List<String> archivedClasses(PlanResource resource, RecoveryPoint point) {
        return resource.objectsOf(point).stream().map(StoredTiers::of).filter(StorageTier::needsRestore).distinct()
                .sorted().map(StorageTier::name).toList();
    }

    /** The pass's result: one state per resource, and a line for the log. */
    public VerifyReport report(List<ResourceState> states) {
        VerifyReport report = new VerifyReport(states);
        states.stream().filter(s -> !s.ok()).forEach(s -> LOG.warn("{} {} {}: {}", s.status(), s.plan(), s.resource(),
                s.reason()));
        for (Consumer<VerifyReport> listener : listeners) {
            try {
                listener.accept(report);
            } catch (RuntimeException e) {
                LOG.warn("Verify: report listener failed: {}", e.getMessage());
            }
        }
        return report;
    }
}
