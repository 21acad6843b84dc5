package io.strata.ec2;

import io.strata.plan.ResourceSelector;
import io.strata.service.BackupService;
import io.strata.service.RegionPermits;
import io.strata.service.Resource;
import io.strata.service.RestoreRequest;
import io.strata.service.SelectorSyntax;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * EC2 behind the service contract: crash-consistent snapshots of an instance's volumes (and an AMI),
 * copied to other regions, with the configuration an AMI does not keep as {@code instance.json}.
 */
public final class Ec2Service implements BackupService {

    public static final String NAME = "ec2";
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Service.class);

    private final Function<Region, Ec2Client> clients;
    private final Region home;
    private final Ec2Settings settings;
    private final Ec2Backup backup;
    private final Vault vault;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;
    private volatile InstanceDirectory directory;

    public Ec2Service(Function<Region, Ec2Client> clients, Region home, Vault vault, Ec2Settings settings, Clock clock) {
        this.clients = clients;
        this.home = home;
        this.settings = settings;
        this.vault = vault;
        this.throttled = new Throttled(8, settings.retryBase(), Duration.ofSeconds(30), Throttled.codes(
                "RequestLimitExceeded", "ResourceLimitExceeded", "SnapshotCreationPerVolumeRateExceeded",
                "Throttling", "ThrottlingException"));
        this.waiter = new Waiter(settings.pollInterval()).bounded(settings.timeout(), "strata.ec2.timeout-minutes");
        this.backup = new Ec2Backup(clients, home.id(), vault, settings, throttled,
                new RegionPermits(settings.maxConcurrentCopies()), clock);
        this.directory = new SdkInstanceDirectory(client());
    }

    /** The home region's client: the routes' {@code ec2Client} bean. */
    public Ec2Client client() {
        return clients.apply(home);
    }

    /** Where instances are looked up: the Camel component while the routes run. */
    public void useDirectory(InstanceDirectory directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SelectorSyntax syntax() {
        return new Ec2Selectors();
    }

    @Override
    public List<Resource> resolve(List<ResourceSelector> selectors) {
        Set<Resource> resources = new LinkedHashSet<>();
        for (ResourceSelector selector : selectors) {
            if (selector.kind() != ResourceSelector.Kind.TAG) {
                // An unknown instance fails on its own, with AWS's message.
                resources.add(Resource.of(NAME, selector.value()));
                continue;
            }
            List<Instance> tagged;
            try {
                tagged = directory.byTag(selector.tagKey(), selector.value());
            } catch (RuntimeException e) {
                resources.add(Resource.problem(NAME, selector.pattern(), "cannot resolve selector " + selector + ": "
                        + e.getMessage()));
                continue;
            }
            if (tagged.isEmpty()) {
                resources.add(Resource.problem(NAME, selector.pattern(), "selector " + selector + " matched no instance"));
            }
            tagged.forEach(instance -> resources.add(Resource.of(NAME, "instance/" + instance.instanceId())));
        }
        return new ArrayList<>(resources);
    }

    @Override
    public RecoveryPoint backup(String resourceId, String plan) {
        String instanceId = Ec2Selectors.instanceId(resourceId);
        Instance instance;
        try {
            instance = describe(instanceId);
        } catch (Ec2Exception e) {
            throw new IllegalArgumentException("instance " + instanceId + ": " + Ec2Errors.describe(e), e);
        }
        RecoveryPointKey key = backup.newKey(instanceId);
        for (int attempt = 1; ; attempt++) {
            try {
                // Each attempt backs up the instance as it is now: volumes attach and detach between attempts.
                return backup.run(key, attempt == 1 ? instance : describe(instanceId), plan);
            } catch (RuntimeException e) {
                String reason = e instanceof Ec2Exception aws ? Ec2Errors.describe(aws) : e.getMessage();
                if (attempt >= settings.attempts()) {
                    throw new IllegalStateException("Backup of instance " + instanceId + " failed: " + reason, e);
                }
                LOG.warn("Attempt {} of {} for {} failed ({}): retrying, reusing what it made", attempt,
                        key.prefix(), instanceId, reason);
            }
        }
    }

    private Instance describe(String instanceId) {
        return directory.byIds(List.of(instanceId)).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("instance " + instanceId + " not found"));
    }

    /** One attempt at a given recovery point key: what a retry of it runs. */
    RecoveryPoint backup(RecoveryPointKey key, String instanceId, String plan) {
        return backup.run(key, describe(instanceId), plan);
    }

    @Override
    public VerificationReport verify(Vault vault, RecoveryPoint point) {
        return new Ec2Verifier(clients).verify(vault, point);
    }

    @Override
    public String restore(Vault vault, RecoveryPoint point, RestoreRequest request) {
        return new Ec2Restorer(clients, new SnapshotTier(clients, waiter, 1), settings.selectedTags())
                .restore(vault, point, request);
    }

    @Override
    public boolean archivesSnapshots(RecoveryPoint point) {
        return new Ec2Archive(clients, throttled, waiter).anyToArchive(point);
    }

    @Override
    public void archiveSnapshots(RecoveryPoint point) {
        new Ec2Archive(clients, throttled, waiter).archive(point);
    }

    /** Snapshot ids, GiB allocated (from instance.json), AMI, and the copies per region. */
    @Override
    public String made(RecoveryPoint point) {
        Optional<InstanceConfig> config;
        try {
            config = Optional.of(ConfigFile.read(vault, point));
        } catch (RuntimeException e) {
            config = Optional.empty(); // the line leaves the sizes out; verify reports an unreadable instance.json
        }
        return Ec2Made.describe(point, config);
    }

    @Override
    public void expire(RecoveryPoint point) {
        new Ec2Expiry(clients, throttled, waiter).expire(point);
    }

    @Override
    public boolean matches(RecoveryPoint point, ResourceSelector selector) {
        return switch (selector.kind()) {
            case NAME -> point.resourceId().equals(selector.value());
            case PREFIX -> false;
            case TAG -> selector.value().equals(Ec2Details.of(point).tags().get(selector.tagKey()));
        };
    }
}
