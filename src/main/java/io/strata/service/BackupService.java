package io.strata.service;

import io.strata.plan.ResourceSelector;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.Vault;
import io.strata.vault.VerificationReport;
import java.util.List;
import java.util.Optional;

/**
 * One AWS service Strata backs up. {@code run}, {@code list}, {@code verify}, {@code restore} and
 * the archive dispatch on a recovery point's {@code service} through the {@link ServiceRegistry}
 * and know no service by name.
 */
public interface BackupService {

    /** The selector prefix and vault folder: {@code dynamodb}, {@code rds}, {@code ec2}; its syntax declares it. */
    default String name() {
        return syntax().service();
    }

    /** The name rules of this service's selectors and restore targets, checked before any AWS call. */
    SelectorSyntax syntax();

    /**
     * The resources the selectors name, in order, without duplicates. A selector that matches
     * nothing, or that cannot be resolved (the service unreachable), becomes a resource with its
     * problem, so that the run reports it.
     */
    List<Resource> resolve(List<ResourceSelector> selectors);

    /** Backs up one resource into a committed recovery point; throws with the reason on failure. */
    RecoveryPoint backup(String resourceId, String plan);

    /**
     * What the backup made, for its outcome line: by default the items and bytes stored in the vault;
     * a snapshot-based service names its snapshots, their size, copies per region and images.
     */
    default String made(RecoveryPoint point) {
        return String.format("%,d items, %,d bytes", point.itemCount(), point.bytes());
    }

    /** Checks a committed recovery point, kept in {@code vault}, against everything it records. */
    VerificationReport verify(Vault vault, RecoveryPoint point);

    /**
     * The options this service's restores take, declared once here: the command line, request files
     * and JMX offer them (beside {@link CommonRestoreOptions}), and {@link #restore} refuses any other.
     */
    List<RestoreOption> restoreOptions();

    /** Restores a recovery point kept in {@code vault} as asked; returns what was made, for the user. */
    String restore(Vault vault, RecoveryPoint point, RestoreRequest request);

    /**
     * Restores from something that is not a Strata recovery point, such as a native DynamoDB export
     * at {@code s3://bucket/prefix}; empty when this service has no such thing.
     */
    default Optional<String> restoreForeign(String reference, RestoreRequest request) {
        return Optional.empty();
    }

    /** Deletes what this service made for the recovery point outside the vault (snapshots, images). */
    void expire(RecoveryPoint point);

    /**
     * Whether the recovery point is nothing but its objects in the vault ({@link #expire} has
     * nothing to do), so that an S3 lifecycle rule deleting them expires it whole. False (the
     * default) keeps S3 from expiring it: only Strata's expiry also deletes snapshots and images.
     */
    default boolean livesInVault(RecoveryPoint point) {
        return false;
    }

    /**
     * Whether the recovery point has snapshots in a warm tier that an {@code ARCHIVE} tiering step
     * could move to a cold one (EBS Snapshots Archive); only EC2 has such a tier.
     */
    default boolean archivesSnapshots(RecoveryPoint point) {
        return false;
    }

    /** Moves the recovery point's snapshots to the archive tier; a snapshot already there is left alone. */
    default void archiveSnapshots(RecoveryPoint point) {
        throw new UnsupportedOperationException(name() + " has no snapshot archive tier");
    }

    /**
     * Targets that a restore of this service left incomplete (killed, or failed where it could not
     * clean up), for {@code strata list}; empty (the default) when the service leaves none it can tell.
     */
    default List<InterruptedRestore> interruptedRestores() {
        return List.of();
    }

    /**
     * Deletes what attempts that never committed left outside the vault (snapshots, copies,
     * images), once their lease has lapsed: the archive pass's sweep, for attempts of resources
     * that are no longer backed up. Never fails (what it cannot delete it logs, and the next sweep
     * tries again); returns how many attempts it cleaned up. Services that make nothing outside
     * the vault have nothing to sweep.
     */
    default int sweepAbandonedAttempts() {
        return 0;
    }

    /**
     * The point-in-time windows of the live resources {@code selector} names, for {@code list SELECTOR}; empty
     * (the default) for a service without continuous backups.
     */
    default List<RestoreWindow> restoreWindows(ResourceSelector selector) {
        return List.of();
    }

    /**
     * The scheduled restore test of this service's recovery points (plan attribute {@code restore-test});
     * empty (the default) when the service has none.
     */
    default Optional<RestoreTest> restoreTest() {
        return Optional.empty();
    }

    /** Whether the recovery point belongs to a resource the selector names (for list). */
    boolean matches(RecoveryPoint point, ResourceSelector selector);
}
