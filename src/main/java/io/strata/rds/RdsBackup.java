package io.strata.rds;

import io.strata.StrataVersion;
import io.strata.rds.RdsDetails.SnapshotRef;
import io.strata.service.RegionPermits;
import io.strata.service.Waiter;
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

    RdsBackup(RdsSources sources, RdsSnapshots snapshots, RdsExports exports, Vault vault, RdsSettings settings,
              Clock clock, String home) {
        this.sources = sources;
        this.snapshots = snapshots;
        this.exports = exports;
        this.vault = vault;
        this.settings = settings;
        this.copies = new RegionPermits(settings.maxConcurrentCopies());
        this.waiter = new Waiter(settings.pollInterval());
        this.clock = clock;
        this.home = home;
    }

    RecoveryPoint backup(String resourceId, String plan) {
        return backup(resourceId, plan, RecoveryPointKey.create(vault.prefix(), RdsService.NAME, home, resourceId,
                clock.instant()));
    }

    /** Backs up into {@code key}; run again with the same key, it reuses the snapshots it already made. */
    RecoveryPoint backup(String resourceId, String plan, RecoveryPointKey key) {
        Instant started = clock.instant();
        RdsSource source = sources.describe(resourceId);
        List<String> regions = settings.copyRegions(plan, home);
        boolean export = settings.export(plan);
        // Settings a later step needs are checked before anything is made.
        Map<String, String> copyKeys = new LinkedHashMap<>();
        regions.forEach(region -> copyKeys.put(region, source.encrypted() ? settings.copyKmsKeyId(region) : null));
        if (export) {
            settings.exportRoleArn();
            settings.exportKmsKeyId();
        }
        Map<String, String> tags = new LinkedHashMap<>(source.tags());
        tags.keySet().removeIf(k -> k.startsWith("aws:"));
        tags.put(TAG_PLAN, plan == null ? "" : plan);
        tags.put(TAG_RECOVERY_POINT, key.prefix());

        String snapshotId = SnapshotIds.snapshot(key);
        try {
            return commit(key, resourceId, source, plan, started, snapshotId, tags, regions, copyKeys, export);
        } catch (RuntimeException e) {
            discard(source.kind(), key, snapshotId, regions);
            throw e;
        }
    }

    private RecoveryPoint commit(RecoveryPointKey key, String resourceId, RdsSource source, String plan, Instant started,
                                 String snapshotId, Map<String, String> tags, List<String> regions,
                                 Map<String, String> copyKeys, boolean export) {
        SnapshotState snapshot = await(ensure(source.kind(), home, snapshotId,
                () -> snapshots.create(source.kind(), home, source.id(), snapshotId, tags)), source);
        List<SnapshotRef> made = new ArrayList<>(List.of(ref(snapshot)));
        for (String region : regions) {
            made.add(ref(copies.run(region, () -> await(ensure(source.kind(), region, snapshotId,
                    () -> snapshots.copy(snapshot, region, copyKeys.get(region))), source))));
        }
        RdsExports.Exported exported = export ? exports.export(snapshot, key) : null;
        RdsDetails details = new RdsDetails(source.kind().path(), source.id(), source.arn(), source.engine(),
                source.encrypted(), source.kmsKeyId(), source.instanceClass(), source.tags(), made,
                exported == null ? null : exported.ref());
        RecoveryPoint point = new RecoveryPoint(StrataVersion.get(), key.prefix(), RdsService.NAME + ":" + resourceId,
                RdsService.NAME, home, plan, "snapshot", started, clock.instant(), 0,
                exported == null ? 0 : exported.bytes(), null, exported == null ? List.of() : exported.files(), null,
                details.toJson());
        vault.commit(point);
        LOG.info("Backed up {} as snapshot {} in {} -> s3://{}/{}", resourceId, snapshotId,
                made.stream().map(SnapshotRef::region).toList(), vault.bucket(), key.prefix());
        return point;
    }

    /**
     * A failed backup deletes the snapshots it made (home and copies, only those tagged with its
     * key): no recovery point refers to them, so nothing would ever expire them, and they count
     * against the manual-snapshot quota.
     */
    private void discard(SourceKind kind, RecoveryPointKey key, String snapshotId, List<String> regions) {
        List<String> all = new ArrayList<>(List.of(home));
        all.addAll(regions);
        for (String region : all) {
            try {
                Optional<SnapshotState> made = snapshots.find(kind, region, snapshotId);
                if (made.isPresent() && key.prefix().equals(made.get().tags().get(TAG_RECOVERY_POINT))) {
                    snapshots.delete(kind, region, snapshotId);
                    LOG.info("Deleted snapshot {} in {}: its backup failed", snapshotId, region);
                }
            } catch (RuntimeException cleanup) {
                LOG.warn("Could not delete snapshot {} in {} of a failed backup ({}): delete it by hand (tag {}={})",
                        snapshotId, region, cleanup.getMessage(), TAG_RECOVERY_POINT, key.prefix());
            }
        }
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
        return waiter.until(what, settings.snapshotTimeout(), "strata.rds.snapshot-timeout",
                () -> snapshots.find(started.kind(), started.region(), started.id())
                        .orElseThrow(() -> new IllegalStateException(what + " disappeared while it was being made")),
                s -> s.status() + " " + s.percent() + "%", SnapshotState::available, SnapshotState::broken);
    }

    private static SnapshotRef ref(SnapshotState s) {
        return new SnapshotRef(s.region(), s.id(), s.arn(), s.encrypted() ? s.kmsKeyId() : null);
    }
}
