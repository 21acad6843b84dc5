package io.strata.rds;

import io.strata.plan.ResourceSelector;
import io.strata.service.BackupService;
import io.strata.service.Resource;
import io.strata.service.RestoreOption;
import io.strata.service.RestoreRequest;
import io.strata.service.RestoredTags;
import io.strata.service.RestoreTest;
import io.strata.service.SelectorSyntax;
import io.strata.service.StopSignal;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.attempt.AttemptStatus;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * RDS and Aurora behind the service contract: a recovery point is a manual snapshot (with copies in
 * other regions, optionally an export to the vault) recorded in the vault's descriptor; the data
 * stays in RDS, so expiry deletes the snapshots Strata made.
 */
public final class RdsService implements BackupService {

    public static final String NAME = "rds";
    private static final Pattern LIVE = Pattern.compile("rds:((?:instance|cluster)/[a-zA-Z][a-zA-Z0-9-]{0,62})");

    private final String home;
    private final RdsSources sources;
    private final RdsSnapshots snapshots;
    private final RdsBackup backups;
    private final RdsRestorer restorer;
    private final RdsSettings settings;
    private final RdsAbandonedAttempts abandoned;
    private final RdsRestoreTest restoreTest;

    /** A service that no stop reaches, with the default lease timing: for tests and tools. */
    public RdsService(Function<Region, RdsClient> clients, Region home, Vault vault, RdsSettings settings, Clock clock) {
        this(clients, home, vault, settings, clock, AttemptTiming.DEFAULT, new StopSignal());
    }

    /**
     * @param timing how often a running backup renews its lease, and when a silent one is dead
     * @param stop   ends every backup wait (snapshot, copy, export) within one poll of a stop request
     */
    public RdsService(Function<Region, RdsClient> clients, Region home, Vault vault, RdsSettings settings, Clock clock,
                      AttemptTiming timing, StopSignal stop) {
        Throttled throttled = RdsErrors.throttled(settings);
        Waiter waiter = new Waiter(settings.pollInterval(), stop::await);
        this.home = home.id();
        this.settings = settings;
        this.sources = new RdsSources(() -> clients.apply(home), throttled);
        this.snapshots = new RdsSnapshots(clients, throttled);
        this.abandoned = new RdsAbandonedAttempts(snapshots, vault.bucket(), new AttemptStatus(vault, timing, clock));
        this.backups = new RdsBackup(sources, snapshots, new RdsExports(() -> clients.apply(home), throttled, vault, settings,
                waiter), vault, settings, clock, this.home, waiter, timing, abandoned);
        this.restorer = new RdsRestorer(clients, throttled, settings);
        this.restoreTest = new RdsRestoreTest(clients, home, throttled, waiter, settings);
    }

    /** Opt-in per plan ({@code restore-test-rds}): a restored instance costs an instance-hour. */
    @Override
    public Optional<RestoreTest> restoreTest() {
        return Optional.of(restoreTest);
    }

    @Override
    public SelectorSyntax syntax() {
        return new RdsSelectors();
    }

    @Override
    public List<Resource> resolve(List<ResourceSelector> selectors) {
        return sources.resolve(selectors);
    }

    @Override
    public RecoveryPoint backup(String resourceId, String plan) {
        RdsSource source = describeSource(resourceId);
        try {
            return backups.backup(resourceId, source, plan);
        } catch (AwsServiceException e) {
            throw failed(resourceId, e);
        }
    }

    /** The first step of {@code backup-rds}: the DB instance or cluster as RDS describes it now. */
    public RdsSource describeSource(String resourceId) {
        try {
            return backups.describe(resourceId);
        } catch (AwsServiceException e) {
            throw failed(resourceId, e);
        }
    }

    /**
     * The steps of {@code backup-rds} that follow: {@link #begin} (settings checked, lease taken, dead attempts
     * swept), {@link #snapshot}, {@link #copyToRegions}, {@link #exportToS3}, {@link #commit}, a failure going
     * to {@link #cleanUp}; run again on the same key, they reuse the snapshots made.
     */
    public RdsAttempt begin(String resourceId, RdsSource source, String plan) {
        try {
            return backups.begin(resourceId, source, plan);
        } catch (AwsServiceException e) {
            throw failed(resourceId, e);
        }
    }

    /** The snapshot in the home region, once available. */
    public void snapshot(RdsAttempt attempt) {
        backups.snapshot(attempt);
    }

    /** Its copies in the plan's regions ({@code strata.plan.<name>.copy-to-region}). */
    public void copyToRegions(RdsAttempt attempt) {
        backups.copy(attempt);
    }

    /** The export to the vault, if the plan asks ({@code strata.plan.<name>.rds.export}). */
    public void exportToS3(RdsAttempt attempt) {
        backups.export(attempt);
    }

    /** The descriptor, written last: the commit. */
    public RecoveryPoint commit(RdsAttempt attempt) {
        return backups.commit(attempt);
    }

    /** After a failed step: what the attempt made is deleted, and the backup fails saying so. */
    public void cleanUp(RdsAttempt attempt, Exception failure) {
        throw backups.cleanUp(attempt, failure instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(failure.getMessage(), failure));
    }

    private static IllegalStateException failed(String resourceId, AwsServiceException e) {
        return new IllegalStateException("Backup of rds:" + resourceId + " failed: " + RdsErrors.describe(e), e);
    }

    /** For tests: a backup into a given recovery point key, as a retried attempt would make it. */
    RdsBackup backups() {
        return backups;
    }

    @Override
    public VerificationReport verify(Vault vault, RecoveryPoint point) {
        return new RdsVerifier(snapshots).verify(vault, point);
    }

    @Override
    public List<RestoreOption> restoreOptions() {
        return RdsRestoreOptions.ALL;
    }

    @Override
    public String restore(Vault vault, RecoveryPoint point, RestoreRequest request) {
        request.allowOnly(NAME, RdsRestoreOptions.FROM_SNAPSHOT);
        String region = Optional.ofNullable(request.option(RdsRestoreOptions.REGION.name())).orElse(point.region());
        RdsDetails details = RdsDetails.of(point);
        // Restore only from the snapshot verify would accept: this recovery point's, and available.
        details.in(region).flatMap(ref -> new RdsVerifier(snapshots).snapshotProblem(point, details, ref))
                .ifPresent(problem -> {
                    throw new IllegalStateException("Not restoring " + point.key() + ": " + problem);
                });
        RestoredTags tags = new RestoredTags(details.tags(), point.key(), settings.planTags(),
                request.flag(RestoredTags.KEEP_TAGS.name()));
        return restorer.fromSnapshot(details, region, request.target(), request.option(RdsRestoreOptions.INSTANCE_CLASS.name()),
                tags);
    }

    /** {@code rds:instance/ID} or {@code rds:cluster/ID} with {@code point-in-time}: a restore from the live source. */
    @Override
    public Optional<String> restoreForeign(String reference, RestoreRequest request) {
        Matcher live = LIVE.matcher(reference.trim());
        if (!live.matches()) {
            return Optional.empty();
        }
        request.allowOnly(NAME, RdsRestoreOptions.ALL);
        String region = Optional.ofNullable(request.option(RdsRestoreOptions.REGION.name())).orElse(home);
        return Optional.of(restorer.toPointInTime(live.group(1), region, request.target(), request.option(RdsRestoreOptions.POINT_IN_TIME.name()),
                request.option(RdsRestoreOptions.INSTANCE_CLASS.name()), request.flag(RestoredTags.KEEP_TAGS.name())));
    }

    /** The snapshot, its copies per region and the export: an RDS recovery point stores no items in the vault. */
    @Override
    public String made(RecoveryPoint point) {
        return RdsMade.describe(point);
    }

    /**
     * The archive pass's sweep: snapshots of attempts of any DB instance or cluster that never
     * committed and whose lease lapsed, in the home region and every region a plan copies to.
     */
    @Override
    public int sweepAbandonedAttempts() {
        Set<String> regions = new TreeSet<>(Set.of(home));
        regions.addAll(settings.allCopyRegions());
        return abandoned.sweepQuietly(RdsAbandonedAttempts.all(), null, regions, key -> true, null);
    }

    @Override
    public void expire(RecoveryPoint point) {
        new RdsExpiry(snapshots).expire(point);
    }

    @Override
    public boolean matches(RecoveryPoint point, ResourceSelector selector) {
        return switch (selector.kind()) {
            case NAME -> point.resourceId().equals(selector.value());
            case PREFIX -> false;
            case TAG -> selector.value().equals(RdsDetails.of(point).tags().get(selector.tagKey()));
        };
    }
}
