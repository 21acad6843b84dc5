package io.strata.run;

import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointAddress;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The steps of {@code direct:restore-request} and {@code direct:verify-request}, whoever asks (CLI,
 * request file): dispatch on the recovery point's service.
 */
public final class Recoveries {

    /** A selector ({@code rds:instance/ID}) names a live resource, not a recovery point: its service restores it. */
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9]+:(?!//).+");

    private final ServiceRegistry services;
    private final Vault vault;

    public Recoveries(ServiceRegistry services, Vault vault) {
        this.services = services;
        this.vault = vault;
    }

    /** A restore: what it made, as the service describes it. */
    public String restore(RestoreOrder order) {
        String source = order.source();
        Optional<RecoveryPointAddress> address = SELECTOR.matcher(source.trim()).matches() ? Optional.empty()
                : RecoveryPointAddress.find(source);
        if (address.isPresent()) {
            Vault holder = address.get().vault(vault);
            RecoveryPoint point = holder.read(address.get().key());
            return services.of(point).restore(holder, point, order.request());
        }
        return services.restoreForeign(source, order.request());
    }

    public VerificationReport verify(String recoveryPoint) {
        RecoveryPointAddress address = RecoveryPointAddress.require(recoveryPoint);
        Vault holder = address.vault(vault);
        RecoveryPoint point = holder.read(address.key());
        return services.of(point).verify(holder, point);
    }

    /** What {@code direct:restore-request} takes: a recovery point (or native export, or live resource) and how. */
    public record RestoreOrder(String source, RestoreRequest request) {
    }
}
