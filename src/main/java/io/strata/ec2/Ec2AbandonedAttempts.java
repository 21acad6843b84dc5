package io.strata.ec2;

import io.strata.service.Cleanup;
import io.strata.service.Failures;
import io.strata.service.Throttled;
import io.strata.service.Waiter;
import io.strata.vault.attempt.AttemptStatus;
import io.strata.vault.RecoveryPointKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Finds the snapshots and AMIs that attempts which never committed left behind (a failed cleanup,
 * a stop mid-wait, a kill -9) and deletes them. Only what this vault's attempts tagged is looked
 * at, and only when its {@code strata:recovery-point} tag names exactly a folder of this vault
 * whose attempt is {@link AttemptStatus.State#ABANDONED}: never a committed recovery point's, an
 * expiring one's, a running attempt's, another vault's, or anything tagged by hand.
 */
final class Ec2AbandonedAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2AbandonedAttempts.class);

    private final Function<Region, Ec2Client> clients;
    private final Throttled throttled;
    private final Waiter.Bounded waiter;
    private final String vault;
    private final AttemptStatus status;
    private final Ec2Leftovers leftovers;

    Ec2AbandonedAttempts(Function<Region, Ec2Client> clients, Throttled throttled, Waiter.Bounded waiter, String vault,
                         AttemptStatus status) {
        this.clients = clients;
        this.throttled = throttled;
        this.waiter = waiter;
        this.vault = vault;
        this.status = status;
        this.leftovers = new Ec2Leftovers(clients, throttled, waiter, vault);
    }

    /**
     * Sweeps {@code regions} for abandoned attempts whose folder passes {@code which} (one instance's
     * folders for a backup, all for the archive pass); {@code own} is never swept. Returns how many
     * attempts it cleaned up; what it cannot delete is logged and left for the next sweep.
     */
    int sweep(Collection<String> regions, Predicate<RecoveryPointKey> which, String own) {
        Set<String> folders = new TreeSet<>();
        for (String region : regions) {
            Ec2Client ec2 = clients.apply(Region.of(region));
            new Ec2Snapshots(ec2, region, throttled, waiter).tagged(List.of(Tags.vault(vault))).stream()
                    .map(Snapshot::tags).map(Ec2AbandonedAttempts::recoveryPoint).flatMap(Optional::stream)
                    .forEach(folders::add);
            new Ec2Images(ec2, region, throttled, waiter).tagged(List.of(Tags.vault(vault))).stream()
                    .map(Image::tags).map(Ec2AbandonedAttempts::recoveryPoint).flatMap(Optional::stream)
                    .forEach(folders::add);
        }
        int swept = 0;
        for (String folder : folders) {
            Optional<RecoveryPointKey> key = status.folder(folder, Ec2Service.NAME).filter(which);
            if (key.isEmpty() || folder.equals(own)) {
                continue;
            }
            AttemptStatus.State state = status.of(key.get());
            if (state != AttemptStatus.State.ABANDONED) {
                continue;
            }
            Cleanup cleanup = leftovers.delete(folder, regions);
            LOG.warn("Attempt {} never committed and shows no sign of life: {}", folder, cleanup.summary());
            swept++;
        }
        return swept;
    }

    /** Sweeps and never fails the caller: a sweep that cannot delete is logged, and the next one tries again. */
    int sweepQuietly(Collection<String> regions, Predicate<RecoveryPointKey> which, String own) {
        try {
            return sweep(regions, which, own);
        } catch (RuntimeException e) {
            LOG.warn("Could not sweep the snapshots of abandoned EC2 backup attempts in {} ({}); the next backup or "
                    + "archive pass tries again", regions, Failures.reason(e));
            return 0;
        }
    }

    private static Optional<String> recoveryPoint(List<Tag> tags) {
        return tags.stream().filter(t -> t.key().equals(Tags.RECOVERY_POINT)).map(Tag::value).findFirst();
    }
}
