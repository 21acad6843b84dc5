package io.strata.service;

import io.strata.plan.ResourceSelector;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The services Strata backs up, by name: the one place a service is registered. */
public final class ServiceRegistry {

    private final Map<String, BackupService> services = new LinkedHashMap<>();

    public ServiceRegistry(List<BackupService> all) {
        all.forEach(service -> services.put(service.name(), service));
    }

    public BackupService get(String name) {
        BackupService service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service '" + name + "' (known: " + String.join(", ", services.keySet())
                    + ")");
        }
        return service;
    }

    public BackupService of(RecoveryPoint point) {
        return get(point.service());
    }

    /** Each selector resolved by its service, in the order given. */
    public List<Resource> resolve(List<ResourceSelector> selectors) {
        List<Resource> resources = new ArrayList<>();
        for (ResourceSelector selector : selectors) {
            resources.addAll(get(selector.service()).resolve(List.of(selector)));
        }
        return resources.stream().distinct().toList();
    }

    /** A restore from something that is not a recovery point, by the first service that knows it. */
    public String restoreForeign(String reference, RestoreRequest request) {
        for (BackupService service : services.values()) {
            var restored = service.restoreForeign(reference, request);
            if (restored.isPresent()) {
                return restored.get();
            }
        }
        throw new IllegalArgumentException("'" + reference + "' is neither a recovery point nor an export any service "
                + "restores");
    }

    /** Every service's declared restore options, for whoever turns a user's words into a {@link RestoreRequest}. */
    public RestoreOptionCatalog restoreOptions() {
        Map<String, List<RestoreOption>> declared = new LinkedHashMap<>();
        services.forEach((name, service) -> declared.put(name, service.restoreOptions()));
        return new RestoreOptionCatalog(declared);
    }

    /** The one query for recovery points in a vault ({@code list}, JMX, the archive pass). */
    public CatalogQuery catalog() {
        return new CatalogQuery(this);
    }

    /** The registered services' selector and name rules. */
    public Selectors selectors() {
        return new Selectors(services.values().stream().map(BackupService::syntax).toList());
    }

    public List<BackupService> all() {
        return List.copyOf(services.values());
    }

    public boolean matches(RecoveryPoint point, ResourceSelector selector) {
        return point.service().equals(selector.service()) && services.containsKey(point.service())
                && get(point.service()).matches(point, selector);
    }

    /**
     * Whether a recovery point at {@code key} can belong to a resource the selector names, from its
     * key alone (the vault layout puts the selector's id in the key): a name or prefix selector
     * reads only its own resources' descriptors; a tag selector needs them all.
     */
    /**
     * Where the selector's recovery points lie under {@code <service>/<region>/}: {@code orders/} for a
     * name, {@code orders-} for a prefix; empty for a tag selector, whose resources only their
     * descriptors name.
     */
    public static Optional<String> folderPrefix(ResourceSelector selector) {
        return switch (selector.kind()) {
            case NAME -> Optional.of(selector.value() + "/");
            case PREFIX -> Optional.of(selector.value());
            case TAG -> Optional.empty();
        };
    }

    /** The folder prefixes of all the selectors, or none (list the whole service) if one is a tag selector. */
    public static List<String> folderPrefixes(List<ResourceSelector> selectors) {
        List<Optional<String>> prefixes = selectors.stream().map(ServiceRegistry::folderPrefix).toList();
        return prefixes.stream().anyMatch(Optional::isEmpty) ? List.of()
                : prefixes.stream().map(Optional::get).distinct().toList();
    }

    public static boolean mayHold(RecoveryPointKey key, ResourceSelector selector) {
        return key.service().equals(selector.service()) && switch (selector.kind()) {
            case NAME -> key.resource().equals(selector.value());
            case PREFIX -> key.resource().startsWith(selector.value());
            case TAG -> true;
        };
    }
}
