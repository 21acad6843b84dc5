package io.strata.archive;

import io.strata.copies.VaultCopies;
import io.strata.exit.UsageException;
import io.strata.retention.ArchivePolicies;
import io.strata.retention.ArchivePolicy;
import io.strata.service.ServiceRegistry;
import io.strata.vault.DescriptorReader;
import io.strata.vault.Listing;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointAddress;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code strata forget RP}: one recovery point deleted on purpose, through the archive's own {@link Expiry}
 * (the {@code expiring.json} marker first, only what Strata made, the service's snapshots, images and their
 * regional copies), its copy in the plan's second vault first so that a rerun after a crash still finds the
 * plan in the primary's descriptor or marker. Refused, before anything is deleted, for a point under Object
 * Lock (until its date) or under a legal hold ({@link LegalHolds}). Each forget is recorded beside the run
 * reports, {@code <prefix>strata/runs/<time>-forget-<id>.json}.
 */
public final class Forgetting {

    private static final Logger LOG = LoggerFactory.getLogger(Forgetting.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ServiceRegistry services;
    private final Vault vault;
    private final ArchivePolicies policies;
    private final VaultCopies copies;
    private final Clock clock;
    private final LegalHolds holds;
    private final Expiry expiry;

    public Forgetting(ServiceRegistry services, Vault vault, ArchivePolicies policies, VaultCopies copies, Clock clock,
                      LegalHolds holds) {
        this.services = services;
        this.vault = vault;
        this.policies = policies;
        this.copies = copies;
        this.clock = clock;
        this.holds = holds;
        this.expiry = new Expiry(services, clock);
    }

    /** One folder to delete: the recovery point's in a vault, or what a killed forget or expiry left of it. */
    public record Folder(Vault vault, List<StoredObject> objects, boolean unfinished) {

        long bytes() {
            return objects.stream().mapToLong(StoredObject::size).sum();
        }
    }

    /**
     * What forgetting a recovery point deletes, read before anything is.
     *
     * @param refusal why it may not be forgotten (a lock and its date, a hold); empty when it may
     */
    public record Target(RecoveryPoint point, Folder primary, Optional<Folder> copy, String made,
                         Optional<String> refusal) {

        /** What goes, for the user to confirm. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            lines.add("Recovery point " + point.key() + " (" + point.service() + ", " + point.resource()
                    + (point.plan() == null ? "" : ", plan " + point.plan()) + ", taken " + point.startedAt() + ")"
                    + (primary.unfinished() ? ": a forget or expiry of it was interrupted, this finishes it" : ""));
            lines.add("  s3://" + primary.vault().bucket() + "/" + RecoveryPointKey.parse(point.key()).prefix() + ": "
                    + primary.objects().size() + " object(s), " + primary.bytes() + " bytes");
            if (!made.isBlank()) {
                lines.add("  made by the backup (deleted where Strata made it): " + made);
            }
            copy.ifPresent(c -> lines.add("  copy in the second vault s3://" + c.vault().bucket() + ": "
                    + c.objects().size() + " object(s), " + c.bytes() + " bytes"));
            return lines;
        }
    }

    /** What forgetting {@code reference} (as {@code strata list} prints it, or {@code s3://VAULT/key}) deletes. */
    public Target find(String reference) {
        RecoveryPointAddress address = RecoveryPointAddress.require(reference);
        if (address.bucket() != null && !address.bucket().equals(vault.bucket())) {
            throw new UsageException("strata forget takes a recovery point of the vault s3://" + vault.bucket()
                    + " (its copies go with it), not s3://" + address.bucket() + "/" + address.key().prefix());
        }
        RecoveryPointKey key = address.key();
        Optional<Folder> found = folder(vault, key);
        if (found.isEmpty()) {
            throw new IllegalStateException("No recovery point " + key.prefix() + " in s3://" + vault.bucket()
                    + " ('strata list' shows them): nothing forgotten");
        }
        Folder primary = found.get();
        // A folder whose descriptor went holds the marker, read as the expiry resumes it (its own folder, signed).
        RecoveryPoint point = primary.unfinished() ? new DescriptorReader(vault).marker(key) : vault.read(key);
        Optional<Folder> copy = Optional.empty();
        if (point.plan() != null) {
            ArchivePolicy policy = policies.of(point.plan());
            if (policy.copyToVault().isPresent()) {
                copy = folder(copies.secondVault(point.plan(), policy.copyToVault().get()), key);
            }
        }
        return new Target(point, primary, copy, services.of(point).made(point), refusal(point, primary, copy));
    }

    /** The folder of exactly this key (no other stamp of the resource), listed in every region folder of its service. */
    private static Optional<Folder> folder(Vault in, RecoveryPointKey key) {
        Listing listing = in.list(key.service(), List.of(key.resource() + "/" + key.stamp() + "/"),
                listed -> listed.prefix().equals(key.prefix()), point -> true);
        if (!listing.problems().isEmpty()) {
            throw new IllegalStateException("Not forgetting " + key.prefix() + ": " + String.join("; ", listing.problems()));
        }
        if (!listing.points().isEmpty()) {
            return Optional.of(new Folder(in, listing.objectsOf(listing.points().get(0)), false));
        }
        List<StoredObject> unfinished = listing.unfinishedExpiries().get(key.prefix());
        return Optional.ofNullable(unfinished).map(objects -> new Folder(in, objects, true));
    }

    private Optional<String> refusal(RecoveryPoint point, Folder primary, Optional<Folder> copy) {
        Optional<String> held = holds.heldBecause(point);
        if (held.isPresent()) {
            return Optional.of("it is under a legal hold: " + held.get());
        }
        List<Folder> folders = new ArrayList<>(List.of(primary));
        copy.ifPresent(folders::add);
        for (Folder folder : folders) {
            Optional<ObjectLockHold> lock = expiry.lockOf(folder.vault(), folder.objects());
            if (lock.isPresent()) {
                return Optional.of(lock.get().describe() + " (S3 Object Lock)" + (lock.get().legalHold() ? ""
                        : ": it can be forgotten after " + lock.get().until()));
            }
        }
        return Optional.empty();
    }

    /** Deletes what {@code target} names, copy first, and records it; refuses a locked or held point. */
    public void forget(Target target) {
        Instant started = clock.instant();
        String key = target.point().key();
        if (target.refusal().isPresent()) {
            record(target, started, "refused: " + target.refusal().get());
            throw new IllegalStateException("Not forgetting " + key + ": " + target.refusal().get() + ". Nothing deleted");
        }
        try {
            if (target.copy().isPresent()) {
                // The copy's descriptor names the primary's snapshots: only the primary's expiry deletes those.
                delete(expiry.objectsOnly(), target.point(), target.copy().get());
            }
            delete(expiry, target.point(), target.primary());
        } catch (RuntimeException e) {
            record(target, started, "failed: " + e.getMessage());
            throw new IllegalStateException("Forgetting " + key + " stopped: " + e.getMessage() + ". Run strata forget "
                    + key + " again to finish it", e);
        }
        LOG.info("Forgot {} ({} object(s){})", key, target.primary().objects().size(),
                target.copy().map(c -> ", and its copy in s3://" + c.vault().bucket()).orElse(""));
        record(target, started, "forgotten");
    }

    private static void delete(Expiry expiry, RecoveryPoint point, Folder folder) {
        boolean versioned = Archivist.versioned(folder.vault());
        if (folder.unfinished()) {
            expiry.resume(folder.vault(), RecoveryPointKey.parse(point.key()).prefix(), folder.objects(), versioned);
            return;
        }
        expiry.expire(folder.vault(), point, folder.objects(), versioned, folder.vault().locks().enabledNow())
                .ifPresent(lock -> {
                    throw new IllegalStateException(lock.describe() + " (S3 Object Lock): left whole");
                });
    }

    /** Beside the run reports: what was forgotten, when, and how it ended. A record that cannot be written is logged. */
    private void record(Target target, Instant started, String outcome) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("action", "forget");
        record.put("recoveryPoint", target.point().key());
        record.put("service", target.point().service());
        record.put("resource", target.point().resource());
        record.put("plan", target.point().plan());
        record.put("startedAt", started.toString());
        record.put("finishedAt", clock.instant().toString());
        record.put("outcome", outcome);
        record.put("objects", target.primary().objects().size());
        record.put("made", target.made());
        record.put("copies", target.copy().map(c -> List.of("s3://" + c.vault().bucket())).orElse(List.of()));
        String runKey = vault.prefix() + "strata/runs/" + STAMP.format(started) + "-forget-"
                + UUID.randomUUID().toString().substring(0, 8) + ".json";
        try {
            vault.putJson(runKey, record);
        } catch (RuntimeException e) {
            LOG.warn("Forget of {} not recorded at s3://{}/{}: {}", target.point().key(), vault.bucket(), runKey,
                    e.getMessage());
        }
    }
}
