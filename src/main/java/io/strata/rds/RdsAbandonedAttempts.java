package io.strata.rds;

import io.strata.service.Failures;
import io.strata.vault.attempt.AttemptStatus;
import io.strata.vault.RecoveryPointKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the manual snapshots that attempts which never committed left behind (a failed cleanup, a
 * snapshot still creating when a backup was stopped, a kill -9 mid-wait) and deletes them. A
 * snapshot is swept only if it is tagged with this vault, its {@code strata:recovery-point} tag
 * names exactly a folder of this vault whose attempt is {@link AttemptStatus.State#ABANDONED}, and
 * its id is the one Strata derives from that folder: never a committed recovery point's, a running
 * attempt's, another vault's, or a snapshot someone tagged by hand.
 */
final class RdsAbandonedAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(RdsAbandonedAttempts.class);

    private final RdsSnapshots snapshots;
    private final String vault;
    private final AttemptStatus status;

    RdsAbandonedAttempts(RdsSnapshots snapshots, String vault, AttemptStatus status) {
        this.snapshots = snapshots;
        this.vault = vault;
        this.status = status;
    }

    /**
     * Sweeps the manual snapshots of {@code kinds} in {@code regions} (of {@code sourceId}, or of every
     * source when null) whose folder passes {@code which}; {@code own} (the running attempt) is never
     * swept. What RDS will not delete yet is logged and left for the next sweep; returns how many
     * abandoned attempts were found.
     */
    int sweep(Collection<SourceKind> kinds, String sourceId, Collection<String> regions,
              Predicate<RecoveryPointKey> which, String own) {
        Map<String, AttemptStatus.State> states = new TreeMap<>();
        for (String region : regions) {
            for (SourceKind kind : kinds) {
                for (SnapshotState snapshot : snapshots.manual(kind, region, sourceId)) {
                    if (!vault.equals(snapshot.tags().get(RdsBackup.TAG_VAULT))) {
                        continue;
                    }
                    Optional<RecoveryPointKey> key = status.folder(snapshot.tags().get(RdsBackup.TAG_RECOVERY_POINT),
                            RdsService.NAME).filter(which).filter(k -> !k.prefix().equals(own))
                            .filter(k -> SnapshotIds.snapshot(k).equals(snapshot.id()));
                    if (key.isEmpty() || states.computeIfAbsent(key.get().prefix(), f -> status.of(key.get()))
                            != AttemptStatus.State.ABANDONED) {
                        continue;
                    }
                    try {
                        snapshots.delete(kind, region, snapshot.id());
                        LOG.warn("Deleted snapshot {} ({}) in {}: its attempt {} never committed and shows no sign of life",
                                snapshot.id(), snapshot.status(), region, key.get().prefix());
                    } catch (RuntimeException e) {
                        LOG.warn("Could not delete snapshot {} ({}) in {} of the abandoned attempt {} ({}); the next "
                                + "backup or archive pass tries again", snapshot.id(), snapshot.status(), region,
                                key.get().prefix(), Failures.reason(e));
                    }
                }
            }
        }
        return (int) states.values().stream().filter(s -> s == AttemptStatus.State.ABANDONED).count();
    }

    /** Sweeps and never fails the caller: a sweep that cannot list is logged, and the next one tries again. */
    int sweepQuietly(Collection<SourceKind> kinds, String sourceId, Collection<String> regions,
                     Predicate<RecoveryPointKey> which, String own) {
        try {
            return sweep(kinds, sourceId, regions, which, own);
        } catch (RuntimeException e) {
            LOG.warn("Could not sweep the snapshots of abandoned RDS backup attempts in {} ({}); the next backup or "
                    + "archive pass tries again", regions, Failures.reason(e));
            return 0;
        }
    }

    static List<SourceKind> all() {
        return List.of(SourceKind.values());
    }
}
