package io.strata.ec2;

import io.strata.plan.ResourceSelector;
import io.strata.service.BackupService;
import io.strata.service.RegionPermits;
import io.strata.service.Resource;
import io.strata.service.RestoreOption;
import io.strata.service.RestoreRequest;
import io.strata.service.RestoreTest;
import io.strata.service.SelectorSyntax;
import io.strata.service.StopSignal;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptStatus;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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

    private final Function<Region, Ec2Client> clients;
    private final Region home;
    private final Ec2Settings settings;
    private final Vault vault;
    private final Ec2Backup backup;
    private final Ec2Attempts attempts;
    private final Ec2AbandonedAttempts abandoned;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;
    private final AttemptTiming timing;
    private final Clock clock;
    private InstanceDirectory directory; // guarded by this

    /** A service that no stop reaches, with the default lease timing: for tests and tools. */
    public Ec2Service(Function<Region, Ec2Client> clients, Region home, Vault vault, Ec2Settings settings, Clock clock) {
        this(clients, home, vault, settings, clock, AttemptTiming.DEFAULT, new StopSignal());
    }

    /**
     * @param timing how often a running backup renews its lease, and when a silent one is dead
     * @param stop   ends every wait (snapshot, AMI, copy, tier restore) within one poll of a stop request
     */
    public Ec2Service(Function<Region, Ec2Client> clients, Region home, Vault vault, Ec2Settings settings, Clock clock,
                      AttemptTiming timing, StopSignal stop) {
        this.clients = clients;
        this.home = home;
        this.settings = settings;
        this.vault = vault;
        this.timing = timing;
        this.clock = clock;
        this.throttled = new Throttled(8, settings.retryBase(), Duration.ofSeconds(30), Throttled.codes(
                "RequestLimitExceeded", "ResourceLimitExceeded", "SnapshotCreationPerVolumeRateExceeded",
                "Throttling", "ThrottlingException"));
        this.waiter = new Waiter(settings.pollInterval(), stop::await).bounded(settings.timeout(),
                "strata.ec2.timeout-minutes");
        this.backup = new Ec2Backup(clients, home.id(), vault, settings, throttled, waiter,
                new RegionPermits(settings.maxConcurrentCopies()), clock, timing);
        this.abandoned = new Ec2AbandonedAttempts(clients, throttled, waiter, vault.bucket(),
                new AttemptStatus(vault, timing, clock));
        this.attempts = new Ec2Attempts(backup, new Ec2Leftovers(clients, throttled, waiter, vault.bucket()), abandoned,
                vault, settings, home.id(), timing, clock);
    }

    @Override
    public Optional<RestoreTest> restoreTest() {
        return Optional.of(new Ec2RestoreTest(clients, home, throttled, waiter));
    }

    /** The home region's client: the routes' {@code ec2Client} bean. */
    public Ec2Client client() {
        return clients.apply(home);
    }

    /** Where instances are looked up: the Camel component while the routes run. */
    public synchronized void useDirectory(InstanceDirectory directory) {
        this.directory = directory;
    }

    /**
     * The SDK's DescribeInstances until the routes offer theirs, made at first use: a command that looks
     * up no instance (list, a DynamoDB restore) builds no EC2 client.
     */
    private synchronized InstanceDirectory directory() {
        if (directory == null) {
            directory = new SdkInstanceDirectory(client());
        }
        return directory;
    }

    @Override
    public SelectorSyntax syntax() {
        return new Ec2Selectors();
    }

    @Override
    public List<Resource> resolve(List<ResourceSelector> selectors) {
        // An unknown instance named by id fails on its own, with AWS's message.
        return syntax().resolve(selectors, selector -> selector.kind() != ResourceSelector.Kind.TAG
                ? List.of(selector.value())
                : directory().byTag(selector.tagKey(), selector.value()).stream()
                        .map(instance -> "instance/" + instance.instanceId()).toList());
    }

    @Override
    public RecoveryPoint backup(String resourceId, String plan) {
        Instance instance = describeInstance(resourceId);
        return attempts.backup(instance, () -> describe(instance.instanceId()), plan);
    }

    /**
     * The first step of {@code backup-ec2}: the instance as DescribeInstances reports it now (through
     * camel-aws2-ec2, {@code direct:ec2-describe-instances}, while the routes run).
     */
    public Instance describeInstance(String resourceId) {
        String instanceId = Ec2Selectors.instanceId(resourceId);
        try {
            return describe(instanceId);
        } catch (Ec2Exception e) {
            throw new IllegalArgumentException("DescribeInstances " + instanceId + ": instance " + instanceId + ": "
                    + Ec2Errors.describe(e), e);
        }
    }

    /**
     * The steps of {@code backup-ec2} after describe: {@link #begin} (key, lease, dead attempts swept), then
     * while the attempt runs {@link #snapshot}, {@link #copyToRegions}, {@link #commit}, a failure going to
     * {@link #retryOrCleanUp}: a failed attempt is retried whole on the same key, finding what it already made.
     */
    public Ec2Attempt begin(Instance instance, String plan) {
        return attempts.begin(instance, plan);
    }

    /** The volumes' snapshots (and an AMI); a retried attempt describes the instance again first. */
    public void snapshot(Ec2Attempt attempt) {
        attempts.snapshot(attempt, attempt.number() == 1 ? attempt.first() : describe(attempt.instanceId()));
    }

    /** The snapshots (and AMI) copied to the plan's regions ({@code strata.plan.<name>.copy-to-region}). */
    public void copyToRegions(Ec2Attempt attempt) {
        attempts.copy(attempt);
    }

    /** {@code instance.json}, then the descriptor last: the commit; the lease ends. */
    public RecoveryPoint commit(Ec2Attempt attempt) {
        return attempts.commit(attempt);
    }

    /** After a failed step: the next attempt, or (the last one failed, or a stop) cleanup and the failure. */
    public void retryOrCleanUp(Ec2Attempt attempt, Exception failure) {
        attempts.retryOrCleanUp(attempt, failure instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(failure.getMessage(), failure));
    }

    private Instance describe(String instanceId) {
        return directory().byIds(List.of(instanceId)).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("instance " + instanceId + " not found"));
    }

    /** One attempt at a given recovery point key: what a retry of it runs. */
    RecoveryPoint backup(RecoveryPointKey key, String instanceId, String plan) {
        try (AttemptLease lease = AttemptLease.take(vault, key.prefix(), timing, clock)) {
            return backup.run(key, describe(instanceId), plan, lease);
        }
    }

    /**
     * The archive pass's sweep: snapshots and AMIs of attempts of any instance that never committed
     * and whose lease lapsed, in the home region and every region a plan copies to.
     */
    @Override
    public int sweepAbandonedAttempts() {
        Set<String> regions = new TreeSet<>(Set.of(home.id()));
        settings.copyRegions().values().forEach(regions::addAll);
        return abandoned.sweepQuietly(regions, key -> true, null);
    }

    @Override
    public VerificationReport verify(Vault vault, RecoveryPoint point) {
        return new Ec2Verifier(clients).verify(vault, point);
    }

    @Override
    public List<RestoreOption> restoreOptions() {
        return Ec2RestoreOptions.DECLARED;
    }

    @Override
    public String restore(Vault vault, RecoveryPoint point, RestoreRequest request) {
        return new Ec2Restorer(clients, new SnapshotTier(clients, waiter, 1), settings.selectedTags())
                .restore(vault, point, request);
    }

    @Override
    public boolean archivesSnapshots(RecoveryPoint point) {
        return new Ec2Archive(new PointMade(clients, throttled, waiter)).anyToArchive(point);
    }

    @Override
    public void archiveSnapshots(RecoveryPoint point) {
        new Ec2Archive(new PointMade(clients, throttled, waiter)).archive(point);
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
        new Ec2Expiry(new PointMade(clients, throttled, waiter)).expire(point);
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
