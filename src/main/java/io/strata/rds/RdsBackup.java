package io.strata.rds;

import io.strata.version.StrataVersion;
import io.strata.rds.RdsDetails.SnapshotRef;
import io.strata.service.Cleanup;
import io.strata.service.Failures;
import io.strata.service.RegionPermits;
import io.strata.service.Step;
import io.strata.service.Waiter;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptSweeper;
import io.strata.vault.attempt.AttemptTiming;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;

/**
 * One DB instance or cluster into one committed recovery point: a snapshot in the home region,
 * its copies in the plan's regions, optionally an export to the vault, then the descriptor.
 */
final class RdsBackup {

    static final String TAG_PLAN = "strata:plan";
    static final String TAG_RECOVERY_POINT = "strata:recovery-point";
    /** The vault bucket whose folder {@link #TAG_RECOVERY_POINT} names (absent on what older versions made). */
    static final String TAG_VAULT = "strata:vault";
    private static final Logger LOG = LoggerFactory.getLogger(RdsBackup.class);

    private final RdsSources sources;
    private final RdsSnapshots snapshots;
    private final RdsExports exports;
    private final Vault vault;
    private final RdsSettings settings;
    private final RegionPermits copies;
    private final Waiter waiter;
    private final Clock clock;
    private final String home;
    private final AttemptTiming timing;
    private final RdsLeftovers leftovers;
    private final RdsAbandonedAttempts abandoned;

    RdsBackup(RdsSources sources, RdsSnapshots snapshots, RdsExports exports, Vault vault, RdsSettings settings,
              Clock clock, String home, Waiter waiter, AttemptTiming timing, RdsAbandonedAttempts abandoned) {
        this.sources = sources;
        this.snapshots = snapshots;
        this.exports = exports;
        this.vault = vault;
        this.settings = settings;
        this.copies = new RegionPermits(settings.maxConcurrentCopies());
        this.waiter = waiter;
        this.clock = clock;
        this.home = home;
        this.timing = timing;
        this.leftovers = new RdsLeftovers(snapshots, vault.bucket());
        this.abandoned = abandoned;
    }

    RdsSource describe(String resourceId) {
        return sources.describe(resourceId);
    }

    RecoveryPoint backup(String resourceId, RdsSource source, String plan) {
        return backup(resourceId, source, plan, RecoveryPointKey.create(vault.prefix(), RdsService.NAME, home,
                resourceId, clock.instant()));
    }

    /** Backs up into {@code key}; run again with the same key, it reuses the snapshots it already made. */
    RecoveryPoint backup(String resourceId, String plan, RecoveryPointKey key) {
        return backup(resourceId, sources.describe(resourceId), plan, key);
    }

    /** The steps of {@code backup-rds} in order; a failure cleans up what the attempt made. */
    private RecoveryPoint backup(String resourceId, RdsSource source, String plan, RecoveryPointKey key) {
        RdsAttempt attempt = begin(resourceId, source, plan, key);
        try {
            snapshot(attempt);
            copy(attempt);
            export(attempt);
            return commit(attempt);
        } catch (RuntimeException e) {
            throw cleanUp(attempt, e);
        }
    }

    RdsAttempt begin(String resourceId, RdsSource source, String plan) {
        return begin(resourceId, source, plan, RecoveryPointKey.create(vault.prefix(), RdsService.NAME, home, resourceId,
                clock.instant()));
    }

    /**
     * Before anything is made: the settings a later step needs are checked, the tags settled, the lease
     * taken and the resource's dead attempts swept.
     */
    private RdsAttempt begin(String resourceId, RdsSource source, String plan, RecoveryPointKey key) {
        Instant started = clock.instant();
        boolean export = settings.export(plan);
        Map<String, String> copyKeys = new LinkedHashMap<>();
        settings.copyRegions(plan, home).forEach(region -> copyKeys.put(region,
                source.encrypted() ? settings.copyKmsKeyId(region) : null));
        if (export) {
            settings.exportRoleArn();
            settings.exportKmsKeyId();
        }
        Map<String, String> tags = new LinkedHashMap<>(source.tags());
        tags.keySet().removeIf(k -> k.startsWith("aws:"));
        // An ad-hoc backup (CLI, a request naming resources) has no plan: no tag, rather than an empty one that says nothing.
        tags.remove(TAG_PLAN);
        if (plan != null) {
            tags.put(TAG_PLAN, plan);
        }
        tags.put(TAG_RECOVERY_POINT, key.prefix());
        tags.put(TAG_VAULT, vault.bucket());
        // The lease is in the vault before the first snapshot exists, and renewed while Strata waits:
        // killed mid-wait, this attempt is found dead once it lapses, and its snapshots deleted.
        AttemptLease lease = AttemptLease.take(vault, key.prefix(), timing, clock);
        RdsAttempt attempt = new RdsAttempt(key, resourceId, source, plan, started, tags, copyKeys, export, lease);
        try {
            sweep(source, key, attempt.regions());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return attempt;
    }

    /** The snapshot in the home region (the one an earlier attempt of the key made, or a new one), once available. */
    void snapshot(RdsAttempt attempt) {
        RdsSource source = attempt.source();
        String create = (source.kind() == SourceKind.INSTANCE ? "CreateDBSnapshot " : "CreateDBClusterSnapshot ")
                + attempt.snapshotId() + " of " + attempt.resourceId() + " in " + home;
        SnapshotState snapshot = await(Step.run(create, () -> ensure(source.kind(), home, attempt.snapshotId(),
                () -> snapshots.create(source.kind(), home, source.id(), attempt.snapshotId(), attempt.tags()))), source);
        attempt.snapshot(snapshot);
        attempt.made().add(ref(snapshot));
    }

    /** Its copies in the plan's regions, each once available. */
    void copy(RdsAttempt attempt) {
        RdsSource source = attempt.source();
        SnapshotState snapshot = attempt.snapshot();
        attempt.copyKeys().forEach((region, kmsKey) -> {
            String copy = (source.kind() == SourceKind.INSTANCE ? "CopyDBSnapshot " : "CopyDBClusterSnapshot ")
                    + snapshot.id() + " " + home + " -> " + region;
            attempt.made().add(ref(copies.run(region, () -> await(Step.run(copy, () -> ensure(source.kind(), region,
                    snapshot.id(), () -> snapshots.copy(snapshot, region, kmsKey))), source))));
        });
    }

    /** The snapshot exported to the vault as Parquet, if the plan asks ({@code strata.plan.<name>.rds.export}). */
    void export(RdsAttempt attempt) {
        if (attempt.export()) {
            attempt.exported(exports.export(attempt.snapshot(), attempt.key()));
        }
    }

    /** The descriptor, written last while the lease holds: the commit; the lease ends. */
    RecoveryPoint commit(RdsAttempt attempt) {
        RdsSource source = attempt.source();
        RdsExports.Exported exported = attempt.exported();
        RecoveryPointKey key = attempt.key();
        RdsDetails details = new RdsDetails(source.kind().path(), source.id(), source.arn(), source.engine(),
                source.encrypted(), source.kmsKeyId(), source.instanceClass(), source.tags(), attempt.made(),
                exported == null ? null : exported.ref());
        RecoveryPoint point = new RecoveryPoint(StrataVersion.get(), key.prefix(), RdsService.NAME + ":"
                + attempt.resourceId(), RdsService.NAME, home, attempt.plan(), "snapshot", attempt.started(),
                clock.instant(), 0, exported == null ? 0 : exported.bytes(), null,
                exported == null ? List.of() : exported.files(), null, details.toJson());
        attempt.lease().checkHeld(timing.staleAfter());
        vault.commit(point);
        attempt.lease().close();
        LOG.info("Backed up {} as snapshot {} in {} -> s3://{}/{}", attempt.resourceId(), attempt.snapshotId(),
                attempt.made().stream().map(SnapshotRef::region).toList(), vault.bucket(), key.prefix());
        return point;
    }

    /** Dead attempts of this resource: their snapshots (home and copies) and their vault folders. */
    private void sweep(RdsSource source, RecoveryPointKey own, List<String> regions) {
        List<String> all = new ArrayList<>(List.of(home));
        all.addAll(regions);
        String resourcePrefix = RecoveryPointKey.resourcePrefix(vault.prefix(), RdsService.NAME, home, source.resourceId());
        abandoned.sweepQuietly(List.of(source.kind()), source.id(), all, key -> key.prefix().startsWith(resourcePrefix),
                own.prefix());
        try {
            new AttemptSweeper(vault, timing, clock).sweep(resourcePrefix, own.prefix());
        } catch (RuntimeException e) {
            LOG.warn("Could not sweep abandoned attempts under s3://{}/{} ({}); the next backup tries again",
                    vault.bucket(), resourcePrefix, Failures.reason(e));
        }
    }

    /**
     * A failed or stopped backup deletes the snapshots it made (home and copies, only those tagged
     * with its key and vault) and what it wrote in the vault: no recovery point refers to them, and
     * they count against the manual-snapshot quota. What RDS will not delete yet (a snapshot still
     * creating) is named in the failure, with who deletes it later.
     */
    IllegalStateException cleanUp(RdsAttempt attempt, RuntimeException failure) {
        try {
            return cleanUp(attempt.source(), attempt.key(), attempt.snapshotId(), attempt.regions(), failure);
        } finally {
            attempt.lease().close();
        }
    }

    private IllegalStateException cleanUp(RdsSource source, RecoveryPointKey key, String snapshotId,
                                          List<String> regions, RuntimeException failure) {
        List<String> all = new ArrayList<>(List.of(home));
        all.addAll(regions);
        Cleanup cleanup = leftovers.delete(source.kind(), key.prefix(), snapshotId, all);
        try {
            AttemptSweeper.discardUncommitted(vault, key.prefix());
        } catch (RuntimeException e) {
            LOG.warn("Could not remove s3://{}/{} of a failed backup ({}); the next backup of {} removes it",
                    vault.bucket(), key.prefix(), Failures.reason(e), source.resourceId());
        }
        String later = cleanup.complete() ? "" : " (it will be deleted by the next backup of " + RdsService.NAME + ":"
                + source.resourceId() + " or the next archive pass, by its tag " + TAG_RECOVERY_POINT + "="
                + key.prefix() + ")";
        String message = "Backup of " + RdsService.NAME + ":" + source.resourceId()
                + (Failures.stopped(failure) ? " stopped" : " failed") + ", nothing committed: "
                + Failures.reason(failure) + "; " + cleanup.summary() + later;
        LOG.warn("{}", message);
        return new IllegalStateException(message, failure);
    }

    /**
     * The snapshot {@code id} in {@code region}: the one an earlier attempt made, or a new one. A
     * create whose response was lost may still have made it: then what AWS holds decides.
     */
    private SnapshotState ensure(SourceKind kind, String region, String id, Supplier<SnapshotState> create) {
        Optional<SnapshotState> existing = snapshots.find(kind, region, id);
        if (existing.isPresent()) {
            LOG.info("Snapshot {} already exists in {} ({}): reusing it", id, region, existing.get().status());
            return existing.get();
        }
        checkQuota(kind, region, id);
        try {
            return create.get();
        } catch (DbSnapshotAlreadyExistsException | DbClusterSnapshotAlreadyExistsException e) {
            return snapshots.find(kind, region, id).orElseThrow(() -> e);
        } catch (SnapshotQuotaExceededException e) {
            throw new IllegalStateException("Cannot make snapshot " + id + " in " + region + ": "
                    + RdsErrors.describe(e) + " (delete old manual snapshots or ask AWS to raise the quota)", e);
        } catch (SdkClientException e) {
            return snapshots.find(kind, region, id).orElseThrow(() -> e);
        }
    }

    private void checkQuota(SourceKind kind, String region, String id) {
        int count = snapshots.countManual(kind, region);
        int limit = settings.snapshotQuota() - settings.quotaMargin();
        if (count >= limit) {
            throw new IllegalStateException("Not making snapshot " + id + " in " + region + ": " + count + " manual "
                    + kind.noun() + " snapshots exist, at or above the quota " + settings.snapshotQuota() + " minus margin "
                    + settings.quotaMargin() + " (strata.rds.snapshot-quota, strata.rds.snapshot-quota-margin); "
                    + "delete old snapshots or raise the quota");
        }
    }

    private SnapshotState await(SnapshotState started, RdsSource source) {
        String what = "Snapshot " + started.id() + " of " + source.resourceId() + " in " + started.region();
        String describe = (started.kind() == SourceKind.INSTANCE ? "DescribeDBSnapshots " : "DescribeDBClusterSnapshots ")
                + started.id() + " in " + started.region();
        return waiter.until(what, settings.snapshotTimeout(), "strata.rds.snapshot-timeout",
                () -> Step.run(describe, () -> snapshots.find(started.kind(), started.region(), started.id()))
                        .orElseThrow(() -> new IllegalStateException(what + " disappeared while it was being made")),
                s -> s.status() + " " + s.percent() + "%", SnapshotState::available, SnapshotState::broken);
    }

    private static SnapshotRef ref(SnapshotState s) {
        return new SnapshotRef(s.region(), s.id(), s.arn(), s.encrypted() ? s.kmsKeyId() : null);
    }
}
