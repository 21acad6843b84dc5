package io.strata.hold;

import io.strata.exit.UsageException;
import io.strata.text.Json;
import io.strata.tiering.HoldTags;
import io.strata.vault.DescriptorReader;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointAddress;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Legal holds ({@code strata hold RP --reason TEXT}, {@code strata release RP}, request files, JMX). A hold is an
 * object of its own, {@code <point folder>holds/<id>.json} (who, when, why); while a point has one, the archive
 * neither tiers nor expires it, {@code forget} refuses it, its objects are tagged out of every lifecycle rule
 * ({@link HoldTags}) and, in a vault with S3 Object Lock, each object carries an S3 legal hold. Holds are read only
 * at the exact keys of a point's own folder ({@link RecoveryPointKey#holdObject}).
 */
public final class Holds implements HoldRequests {

    private static final Logger LOG = LoggerFactory.getLogger(Holds.class);
    /** Far above a hold Strata writes (a reason of a few lines); bounds what a planted one costs, refused unread. */
    static final long MAX_BYTES = 64 * 1024;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vault vault;
    private final Clock clock;
    private final String user;

    public Holds(Vault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
        this.user = System.getProperty("user.name", "unknown");
    }

    /**
     * The holds of one recovery point, as {@code status} and {@code forget} read them. An object at a hold key that
     * cannot be read (too big, not JSON, without a valid signature, naming another point) still holds the point:
     * a hold keeps data, so a doubtful one errs on keeping it; it is named in {@link Reading#unreadable}.
     */
    public Reading of(RecoveryPointKey point) {
        List<LegalHold> holds = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (S3Object object : holdObjects(point)) {
            String where = "s3://" + vault.bucket() + "/" + object.key();
            try {
                holds.add(read(point, object));
            } catch (RuntimeException | IOException e) {
                unreadable.add(where + ": " + e.getMessage());
            }
        }
        return new Reading(holds, unreadable);
    }

    /** What {@link #of} found: readable holds, oldest first, and the hold objects that could not be read. */
    public record Reading(List<LegalHold> holds, List<String> unreadable) {

        public Reading {
            holds = List.copyOf(holds);
            unreadable = List.copyOf(unreadable);
        }

        public boolean held() {
            return !holds.isEmpty() || !unreadable.isEmpty();
        }

        public List<String> describe() {
            List<String> lines = new ArrayList<>(holds.stream().map(LegalHold::describe).toList());
            unreadable.forEach(problem -> lines.add("unreadable hold " + problem));
            return lines;
        }
    }

    /** Why {@code point} is held, or empty: the seam {@code forget} refuses by. */
    public Optional<String> heldBecause(RecoveryPoint point) {
        Reading reading = of(RecoveryPointKey.parse(point.key()));
        return reading.held() ? Optional.of(String.join("; ", reading.describe())) : Optional.empty();
    }

    @Override
    public HoldOutcome hold(HoldOrder order) {
        if (order.reason() == null || order.reason().isBlank()) {
            throw new UsageException("A legal hold needs a reason (--reason TEXT): it is what the hold records");
        }
        RecoveryPointKey key = committed(order.recoveryPoint());
        Instant now = clock.instant();
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String id = STAMP.format(now) + "-" + HexFormat.of().formatHex(random);
        LegalHold hold = new LegalHold(id, key.prefix(), user, order.origin(), now, order.reason().trim());
        // First the hold object: from here on the archive and forget leave the point, whatever fails next.
        vault.putControl(key.holdKey(id), hold);
        boolean locked = vault.locks().enabledNow();
        List<StoredObject> objects = pointObjects(key);
        int tagged = 0;
        for (StoredObject object : objects) {
            if (locked) {
                legalHold(object, ObjectLockLegalHoldStatus.ON);
            }
            tagged += HoldTags.hold(vault, object) ? 1 : 0;
        }
        // An archive pass that read the vault before the hold existed may have been expiring the point meanwhile.
        if (vault.head(key.descriptorKey(), null, false).isEmpty()) {
            throw new IllegalStateException("The hold on " + key.prefix() + " came too late: an archive pass or a forget "
                    + "deleted its recovery-point.json meanwhile (s3://" + vault.bucket() + "/" + key.holdKey(id)
                    + " stays as the record)");
        }
        LOG.info("Legal hold {} on {} by {} ({}): {}", id, key.prefix(), user, order.origin(), hold.reason());
        return new HoldOutcome("hold", key.prefix(), vault.bucket(), of(key).holds(), objects.size(), tagged, locked);
    }

    @Override
    public HoldOutcome release(HoldOrder order) {
        RecoveryPointKey key = committed(order.recoveryPoint());
        List<S3Object> holdObjects = holdObjects(key);
        if (holdObjects.isEmpty()) {
            throw new IllegalStateException(key.prefix() + " is not under a legal hold ('strata list' marks held "
                    + "points): nothing released");
        }
        Reading reading = of(key);
        boolean locked = vault.locks().enabledNow();
        List<StoredObject> objects = pointObjects(key);
        int tagged = 0;
        for (StoredObject object : objects) {
            if (locked) {
                legalHold(object, ObjectLockLegalHoldStatus.OFF);
            }
            tagged += HoldTags.release(vault, object) ? 1 : 0;
        }
        // The hold objects last: a release stopped half-way leaves the point held, and running it again finishes it.
        holdObjects.forEach(object -> vault.delete(object.key()));
        LOG.info("Legal hold(s) on {} released by {} ({}): {}", key.prefix(), user, order.origin(),
                reading.holds().stream().map(LegalHold::id).toList());
        return new HoldOutcome("release", key.prefix(), vault.bucket(), reading.holds(), objects.size(), tagged, locked);
    }

    /** The committed point {@code reference} names, in this vault (its holds go with the vault's own copy). */
    private RecoveryPointKey committed(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new UsageException("Missing the recovery point to hold or release (as 'strata list' prints it)");
        }
        RecoveryPointAddress address = RecoveryPointAddress.require(reference);
        if (address.bucket() != null && !address.bucket().equals(vault.bucket())) {
            throw new UsageException("Legal holds are placed on recovery points of the vault s3://" + vault.bucket()
                    + ", not s3://" + address.bucket() + "/" + address.key().prefix());
        }
        RecoveryPointKey key = address.key();
        DescriptorReader.requireOwnFolder(vault, key, key.descriptorKey());
        vault.read(key); // committed, its own folder's, signed when signing is on
        return key;
    }

    /** The objects at the point's exact hold keys (one listing of {@code holds/}, nothing deeper counted). */
    private List<S3Object> holdObjects(RecoveryPointKey point) {
        String prefix = point.prefix() + RecoveryPointKey.HOLDS;
        return vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix)).contents().stream()
                .filter(object -> point.holdObject(object.key())).toList();
    }

    private LegalHold read(RecoveryPointKey point, S3Object object) throws IOException {
        if (object.size() != null && object.size() > MAX_BYTES) {
            throw new IllegalStateException(object.size() + " bytes, more than the " + MAX_BYTES
                    + " a hold may have: refused unread");
        }
        LegalHold hold = Json.MAPPER.readValue(vault.readSigned(object.key()), LegalHold.class);
        if (hold.recoveryPoint() == null || !RecoveryPointKey.parse(hold.recoveryPoint()).equals(point)
                || !point.holdKey(hold.id()).equals(object.key())) {
            throw new IllegalStateException("it names " + hold.recoveryPoint() + " hold " + hold.id()
                    + ", not this folder's (a copied hold)");
        }
        return hold;
    }

    /** The objects of the point's own folder (not a nested strata/…/strata/… one), its holds left out. */
    private List<StoredObject> pointObjects(RecoveryPointKey point) {
        List<StoredObject> objects = new ArrayList<>();
        vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(point.prefix())).contents()
                .forEach(object -> {
                    boolean own = RecoveryPointKey.find(object.key()).filter(point::equals).isPresent();
                    if (own && !point.holdObject(object.key())) {
                        objects.add(new StoredObject(object.key(), object.size(), object.storageClassAsString(),
                                object.lastModified()));
                    }
                });
        return objects;
    }

    private void legalHold(StoredObject object, ObjectLockLegalHoldStatus status) {
        vault.s3().putObjectLegalHold(r -> r.bucket(vault.bucket()).key(object.key()).legalHold(h -> h.status(status)));
    }
}
