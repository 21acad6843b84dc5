package io.strata.monitor;

import io.strata.text.Json;
import io.strata.vault.DescriptorReader;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The verification records of recovery points: {@code <point folder>verifications/<yyyyMMddTHHmmssZ>-<kind>.json},
 * one object per check, written encrypted like every vault object and never locked (a record written
 * weeks after its point would otherwise be locked past the point's own objects and hold up its expiry).
 * Read back only when the record names the very point whose folder holds it: a record copied into
 * another folder does not speak for that point.
 */
public final class Verifications {

    private static final Logger LOG = LoggerFactory.getLogger(Verifications.class);
    /** Far above any record written here; bounds what a planted object costs the reader. */
    private static final long MAX_BYTES = 1024 * 1024;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("(\\d{8}T\\d{6}Z)-([a-z-]+)\\.json");

    private final Vault vault;

    public Verifications(Vault vault) {
        this.vault = vault;
    }

    /** Writes {@code record} beside its recovery point (same second, same kind: the later one stays); returns its key. */
    public String write(Verification record) {
        RecoveryPointKey point = RecoveryPointKey.parse(record.recoveryPoint());
        DescriptorReader.requireOwnFolder(vault, point, point.descriptorKey());
        String key = point.verificationsPrefix() + STAMP.format(record.startedAt()) + "-" + record.kind() + ".json";
        // The point named exactly as its descriptor names it, so that the reader's check holds for any spelling given.
        vault.putControl(key, new Verification(record.kind(), point.prefix(), record.startedAt(), record.finishedAt(),
                record.ok(), record.status(), record.reason(), record.details(), record.notRead()));
        return key;
    }

    /** The newest record of {@code kind} for the recovery point {@code recoveryPoint}: one listing of its records. */
    public Optional<Verification> newest(String recoveryPoint, String kind) {
        RecoveryPointKey point = RecoveryPointKey.parse(recoveryPoint);
        List<String> keys = vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())
                .prefix(point.verificationsPrefix())).contents().stream().map(S3Object::key).toList();
        return newest(point, keys, Set.of(kind));
    }

    /** The same, from the objects a {@code Vault.list} found in the point's folder (no further listing). */
    public Optional<Verification> newest(String recoveryPoint, List<StoredObject> folder, String kind) {
        return newest(recoveryPoint, folder, Set.of(kind));
    }

    /** The newest record of any of {@code kinds} (the pass's or a check by hand), from the point's folder listing. */
    public Optional<Verification> newest(String recoveryPoint, List<StoredObject> folder, Set<String> kinds) {
        return newest(RecoveryPointKey.parse(recoveryPoint), folder.stream().map(StoredObject::key).toList(), kinds);
    }

    private Optional<Verification> newest(RecoveryPointKey point, List<String> keys, Set<String> kinds) {
        String records = point.verificationsPrefix();
        // Newest first by the time in the name, whatever the kind.
        List<String> candidates = keys.stream().filter(key -> key.startsWith(records))
                .filter(key -> {
                    Matcher name = NAME.matcher(key.substring(records.length()));
                    return name.matches() && kinds.contains(name.group(2));
                })
                .sorted(Comparator.reverseOrder()).toList();
        for (String key : candidates) {
            Matcher name = NAME.matcher(key.substring(records.length()));
            String kind = name.matches() ? name.group(2) : "";
            Optional<Verification> record = read(point, key, kind);
            if (record.isPresent()) {
                return record;
            }
        }
        return Optional.empty();
    }

    private Optional<Verification> read(RecoveryPointKey point, String key, String kind) {
        Verification record;
        try {
            record = Json.MAPPER.readValue(DescriptorReader.readBounded(vault, key, MAX_BYTES), Verification.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring s3://{}/{}: not a readable verification record ({})", vault.bucket(), key, e.getMessage());
            return Optional.empty();
        }
        // Exactly its folder's point, vault prefix included, as a descriptor names its own folder.
        if (!kind.equals(record.kind()) || !point.prefix().equals(record.recoveryPoint())) {
            LOG.warn("Ignoring s3://{}/{}: it records a {} of {}, not a {} of the point whose folder holds it",
                    vault.bucket(), key, record.kind(), record.recoveryPoint(), kind);
            return Optional.empty();
        }
        return Optional.of(record);
    }
}
