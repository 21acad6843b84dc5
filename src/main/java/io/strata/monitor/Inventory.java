package io.strata.monitor;

import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.service.Failures;
import io.strata.service.Resource;
import io.strata.service.ServiceRegistry;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every plan's selectors resolve to now, each resource with its recovery points in the vault:
 * one resolve and one catalog query per plan (only the selected resources' folders are listed).
 * A resource that matches a plan and has no recovery point shows with none (MISSING); a point of a
 * resource no selector names any more (a deleted table) is not the plan's business.
 */
public final class Inventory {

    private final PlanCatalog plans;
    private final ServiceRegistry services;
    private final Vault vault;

    public Inventory(PlanCatalog plans, ServiceRegistry services, Vault vault) {
        this.plans = plans;
        this.services = services;
        this.vault = vault;
    }

    /** Every plan's resources, in plan order, then in the order the selectors name them. */
    public List<PlanResource> all() {
        List<PlanResource> all = new ArrayList<>();
        plans.plans().forEach(plan -> all.addAll(of(plan)));
        return all;
    }

    /** The resources of {@code plan} (null: of every plan); fails naming it when there is no such plan. */
    public List<PlanResource> of(String plan) {
        return plan == null ? all() : of(plans.require(plan));
    }

    /**
     * The resources of one plan; when they cannot be read (a service unreachable, an unreadable descriptor
     * among them, which could hide the newest point), one FAILED entry {@code plan:<name>} saying why, so
     * that the other plans are still checked.
     */
    private List<PlanResource> of(BackupPlan plan) {
        try {
            return read(plan);
        } catch (RuntimeException e) {
            return List.of(new PlanResource(plan.name(), "plan", plan.name(), "its resources could not be read: "
                    + Failures.message(e), List.of(), Map.of()));
        }
    }

    private List<PlanResource> read(BackupPlan plan) {
        List<Resource> resources = services.resolve(plan.resources());
        Listing listing = services.catalog().find(vault, plan.resources(), point -> true);
        if (!listing.problems().isEmpty()) {
            throw new IllegalStateException("Cannot read the recovery points of plan " + plan.name() + ": "
                    + String.join("; ", listing.problems()));
        }
        Map<String, List<RecoveryPoint>> byResource = new HashMap<>();
        for (RecoveryPoint point : listing.points()) { // newest first per resource
            byResource.computeIfAbsent(point.service() + ":" + point.resourceId(), k -> new ArrayList<>()).add(point);
        }
        List<PlanResource> found = new ArrayList<>();
        for (Resource resource : resources) {
            List<RecoveryPoint> points = byResource.getOrDefault(resource.service() + ":" + resource.id(), List.of());
            Map<String, List<StoredObject>> objects = new HashMap<>();
            points.forEach(point -> objects.put(point.key(), listing.objectsOf(point)));
            found.add(new PlanResource(plan.name(), resource.service(), resource.id(), resource.problem(),
                    resource.problem() == null ? points : List.of(), objects));
        }
        return found;
    }
}
