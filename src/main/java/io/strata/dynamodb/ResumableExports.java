package io.strata.dynamodb;

import io.strata.vault.RecoveryPointKey;
import io.strata.vault.Vault;
import io.strata.vault.attempt.AttemptLease;
import io.strata.vault.attempt.AttemptStatus;
import io.strata.vault.attempt.AttemptTiming;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Why a retried backup never starts a second native export: ExportTableToPointInTime is idempotent per
 * {@code ClientToken} for 8 hours (same token, same request: the same export), and the token is derived from
 * the recovery point's key. A run killed while its export ran leaves its folder with its lease, whose notes
 * say "native export of this table for this plan, token T". The next run of that plan, while the folder
 * still shows a sign of life ({@link AttemptStatus.State#RUNNING}, within the lease's stale time) and the
 * token is younger than 7 hours (an hour's margin on AWS's 8), takes that folder over: same key, same token,
 * same request, so DynamoDB answers the export already running instead of starting another. Later, the
 * folder is an abandoned attempt the sweep removes, and a new export starts.
 */
final class ResumableExports {

    static final Duration TOKEN_LIFE = Duration.ofHours(7);
    static final String MODE = "mode";
    static final String PLAN = "plan";
    static final String TOKEN = "clientToken";

    private final Vault vault;
    private final AttemptTiming timing;
    private final Clock clock;

    ResumableExports(Vault vault, AttemptTiming timing, Clock clock) {
        this.vault = vault;
        this.timing = timing;
        this.clock = clock;
    }

    /** The client token of the export made for the recovery point {@code key} of this vault. */
    String token(RecoveryPointKey key) {
        return UUID.nameUUIDFromBytes(("strata native-export s3://" + vault.bucket() + "/" + key.prefix())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** What the lease of a native export attempt says of it. */
    Map<String, String> notes(RecoveryPointKey key, String plan) {
        return Map.of(MODE, DynamoDbMode.NATIVE_EXPORT.word(), PLAN, plan == null ? "" : plan, TOKEN, token(key));
    }

    /** The newest uncommitted native-export attempt of {@code table} for {@code plan} that may be resumed. */
    Optional<RecoveryPointKey> find(String region, String table, String plan) {
        String resource = RecoveryPointKey.resourcePrefix(vault.prefix(), DynamoDbService.NAME, region, table);
        Instant oldest = clock.instant().minus(TOKEN_LIFE);
        Set<String> leased = new TreeSet<>(Comparator.reverseOrder());
        Set<String> committed = new HashSet<>();
        String after = RecoveryPointKey.create(vault.prefix(), DynamoDbService.NAME, region, table, oldest).prefix();
        for (S3Object object : vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(resource)
                .startAfter(after.substring(0, after.length() - 10))).contents()) {
            Optional<RecoveryPointKey> folder = RecoveryPointKey.find(object.key());
            if (folder.isEmpty()) {
                continue;
            }
            String name = object.key().substring(folder.get().prefix().length());
            if (name.equals(AttemptLease.NAME)) {
                leased.add(folder.get().prefix());
            } else if (name.equals(RecoveryPointKey.DESCRIPTOR) || name.equals(RecoveryPointKey.EXPIRING)) {
                committed.add(folder.get().prefix());
            }
        }
        AttemptStatus status = new AttemptStatus(vault, timing, clock);
        for (String folder : leased) {
            RecoveryPointKey key = RecoveryPointKey.parse(folder);
            if (committed.contains(folder) || key.time().isBefore(oldest) || !key.resource().equals(table)) {
                continue;
            }
            Map<String, String> notes = AttemptLease.notes(vault, folder);
            if (notes.equals(notes(key, plan)) && status.of(key) == AttemptStatus.State.RUNNING) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
