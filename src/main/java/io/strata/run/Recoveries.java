package io.strata.run;

import io.strata.thaw.ThawRetrieval;
import io.strata.thaw.Thaw;
import io.strata.thaw.ThawSettings;
import io.strata.service.RestoreRequest;
import io.strata.service.ServiceRegistry;
import io.strata.service.StopSignal;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointAddress;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The steps of {@code direct:restore-request} and {@code direct:verify-request}, whoever asks (CLI,
 * request file, JMX): make the recovery point's archived objects readable (or say what to run),
 * then dispatch on its service. The services never see the archive: the retrieval travels beside
 * their request, not in it.
 */
public final class Recoveries {

    /** A selector ({@code rds:instance/ID}) names a live resource, not a recovery point: its service restores it. */
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9]+:(?!//).+");

    private final ServiceRegistry services;
    private final Vault vault;
    private final Thaw glacier;

    /** With the default restore timing, and no stop signal: for routes under test. */
    public Recoveries(ServiceRegistry services, Vault vault) {
        this(services, vault, new Thaw(ThawSettings.DEFAULT, Clock.systemUTC(), new StopSignal()));
    }

    public Recoveries(ServiceRegistry services, Vault vault, Thaw glacier) {
        this.services = services;
        this.vault = vault;
        this.glacier = glacier;
    }

    /** A restore: what it made, as the service describes it. */
    public String restore(RestoreOrder order) {
        String source = order.source();
        Optional<RecoveryPointAddress> address = namesLiveResource(source) ? Optional.empty()
                : RecoveryPointAddress.find(source);
        if (address.isPresent()) {
            Vault holder = address.get().vault(vault);
            RecoveryPoint point = readable(holder, address.get().key(), order.retrieval(), order.command());
            return services.of(point).restore(holder, point, order.request());
        }
        return services.restoreForeign(source, order.request());
    }

    /** Whether a restore source is a live resource ({@code rds:instance/ID}) its service restores, not a recovery point. */
    public static boolean namesLiveResource(String source) {
        return SELECTOR.matcher(source.trim()).matches();
    }

    public VerificationReport verify(String recoveryPoint) {
        return verify(new VerifyOrder(recoveryPoint, Optional.empty()));
    }

    public VerificationReport verify(VerifyOrder order) {
        RecoveryPointAddress address = RecoveryPointAddress.require(order.recoveryPoint());
        Vault holder = address.vault(vault);
        RecoveryPoint point = readable(holder, address.key(), order.retrieval(), order.command());
        return services.of(point).verify(holder, point).in(holder.bucket());
    }

    /**
     * The committed recovery point with its archived objects readable. The descriptor is read first
     * (the archive keeps it in STANDARD), so that nothing is restored for a folder that is not a
     * committed recovery point; one archived by a rule outside Strata is restored with the rest.
     */
    private RecoveryPoint readable(Vault holder, RecoveryPointKey key, Optional<ThawRetrieval> retrieval, String command) {
        RecoveryPoint point;
        try {
            point = holder.read(key);
        } catch (InvalidObjectStateException archivedDescriptor) {
            glacier.ensureReadable(holder.s3(), holder.bucket(), key.prefix(), retrieval, command);
            return holder.read(key);
        }
        glacier.ensureReadable(holder.s3(), holder.bucket(), key.prefix(), retrieval, command);
        return point;
    }

    /**
     * What {@code direct:restore-request} takes: a recovery point (or native export, or live resource),
     * how to restore it, and how to bring back its archived objects (empty: not at all).
     */
    public record RestoreOrder(String source, RestoreRequest request, Optional<ThawRetrieval> retrieval) {

        public RestoreOrder {
            retrieval = retrieval == null ? Optional.empty() : retrieval;
        }

        public RestoreOrder(String source, RestoreRequest request) {
            this(source, request, Optional.empty());
        }

        /** The command line of this restore, without retrieval flags: {@code strata restore RP --to T --overwrite}. */
        String command() {
            StringBuilder command = new StringBuilder("strata restore ").append(source.trim());
            if (request.target() != null) {
                command.append(" --to ").append(request.target());
            }
            new TreeMap<>(request.options()).forEach((option, value) ->
                    command.append(" --").append(option).append("true".equals(value) ? "" : " " + value));
            return command.toString();
        }
    }

    /** What {@code direct:verify-request} takes (a plain recovery point string is taken too). */
    public record VerifyOrder(String recoveryPoint, Optional<ThawRetrieval> retrieval) {

        public VerifyOrder {
            retrieval = retrieval == null ? Optional.empty() : retrieval;
        }

        String command() {
            return "strata verify " + recoveryPoint.trim();
        }

        @Override
        public String toString() {
            return recoveryPoint + retrieval.map(r -> " (archived objects restored: " + r + ")").orElse("");
        }
    }
}
