package io.strata.service;

import io.strata.plan.ResourceSelector;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The one query for committed recovery points, used by {@code strata list}, JMX and the archive
 * pass alike: the whole vault, or the recovery points of the selected resources. Name and prefix
 * selectors list only their resources' folders and read only their descriptors; a tag selector
 * reads its service's descriptors and asks the service which match. The vault's catalog reads the
 * descriptors in parallel; an unreadable one is a problem of the listing, named by its key.
 */
public final class CatalogQuery {

    private final ServiceRegistry services;

    CatalogQuery(ServiceRegistry services) {
        this.services = services;
    }

    /** Every committed recovery point of the vault ({@code selector} null) or of the selected resources. */
    public Listing find(Vault vault, ResourceSelector selector) {
        return find(vault, selector == null ? List.of() : List.of(selector), point -> true);
    }

    /**
     * The recovery points of any of {@code selectors} (none: the whole vault) that also pass
     * {@code filter}; one listing per service, in the services' name order.
     */
    public Listing find(Vault vault, List<ResourceSelector> selectors, Predicate<RecoveryPoint> filter) {
        if (selectors.isEmpty()) {
            return vault.list(filter);
        }
        Map<String, List<ResourceSelector>> byService = selectors.stream()
                .collect(Collectors.groupingBy(ResourceSelector::service, TreeMap::new, Collectors.toList()));
        return Listing.of(byService.entrySet().stream().map(service -> {
            List<ResourceSelector> ofService = service.getValue();
            return vault.list(service.getKey(), ServiceRegistry.folderPrefixes(ofService),
                    key -> ofService.stream().anyMatch(s -> ServiceRegistry.mayHold(key, s)),
                    point -> ofService.stream().anyMatch(s -> services.matches(point, s)) && filter.test(point));
        }).toList());
    }
}
