package io.strata.thaw;

import io.strata.service.StopSignal;
import io.strata.service.Waiter;
import io.strata.vault.StorageTier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * Makes a recovery point's archived objects readable before a restore or verify reads them. One
 * ListObjectsV2 page per 1000 objects gives every storage class; only GLACIER and DEEP_ARCHIVE
 * objects are looked at further (HEAD for {@code x-amz-restore}): restored ones are read as they
 * are, restoring ones are waited for, the others get a RestoreObject — only when the user chose a
 * retrieval, otherwise the command fails before any work saying what to run. STANDARD_IA and
 * GLACIER_IR objects are read directly. A rerun after an interruption requests nothing twice: S3
 * itself remembers what is restoring.
 */
public final class Thaw {

    private static final Logger LOG = LoggerFactory.getLogger(Thaw.class);

    private final ThawSettings settings;
    private final Clock clock;
    private final Waiter waiter;

    public Thaw(ThawSettings settings, Clock clock, StopSignal stop) {
        this.settings = settings;
        this.clock = clock;
        this.waiter = new Waiter(settings.pollInterval(), stop::await);
    }

    /**
     * Returns once every object under {@code prefix} can be read.
     *
     * @param retrieval how to restore archived objects; empty: fail unless they are already restored
     * @param command   the command that asked, as a user would type it without the retrieval flags
     *                  (e.g. {@code strata restore RP --to T}), named in the message that says what to run
     */
    public void ensureReadable(S3Client s3, String bucket, String prefix, Optional<ThawRetrieval> retrieval,
                               String command) {
        List<S3Object> listed = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(listed::add);
        List<S3Object> archived = listed.stream()
                .filter(o -> StorageTier.ofS3(o.storageClassAsString()).needsRestore()).toList();
        if (archived.isEmpty()) {
            return;
        }
        Map<String, GlacierObject> objects = new LinkedHashMap<>();
        for (S3Object object : archived) {
            StorageTier tier = StorageTier.ofS3(object.storageClassAsString());
            objects.put(object.key(), new GlacierObject(object.key(), tier, state(s3, bucket, object.key())));
        }
        Where where = new Where(bucket, prefix, listed.size(), command);
        if (objects.values().stream().allMatch(GlacierObject::readable)) {
            LOG.info("{} archived object(s) of s3://{}/{} are restored: read directly", objects.size(), bucket, prefix);
            return;
        }
        if (retrieval.isEmpty()) {
            throw new ThawException(notReadable(where, objects.values()));
        }
        ThawRetrieval chosen = retrieval.get();
        refuseExpeditedFromDeepArchive(where, objects.values(), chosen);
        request(s3, where, objects, chosen);
        await(s3, where, objects, chosen);
    }

    private static ThawState state(S3Client s3, String bucket, String key) {
        try {
            return ThawState.of(s3.headObject(r -> r.bucket(bucket).key(key)).restore());
        } catch (NoSuchKeyException e) {
            throw new ThawException("s3://" + bucket + "/" + key + " was listed, then deleted (expired?) before "
                    + "it could be restored: this recovery point is no longer complete", e);
        }
    }

    /** Without a retrieval: what is archived, in which state, and the command that restores it. */
    static String notReadable(Where where, Collection<GlacierObject> objects) {
        Map<StorageTier, Long> byTier = objects.stream().filter(o -> !o.readable())
                .collect(Collectors.groupingBy(GlacierObject::tier, () -> new EnumMap<>(StorageTier.class), Collectors.counting()));
        long waiting = byTier.values().stream().mapToLong(Long::longValue).sum();
        long restoring = objects.stream().filter(o -> o.state() == ThawState.ONGOING).count();
        String in = byTier.size() == 1 ? "in " + byTier.keySet().iterator().next()
                : "archived (" + byTier.entrySet().stream().map(e -> e.getValue() + " in " + e.getKey())
                        .collect(Collectors.joining(", ")) + ")";
        String state = restoring == 0 ? " and not restored"
                : restoring == waiting ? " and still being restored (requested earlier)"
                : ", " + (waiting - restoring) + " not restored and " + restoring + " being restored";
        String what = restoring == waiting ? "wait for them with: " : "restore them first with: ";
        return waiting + " of " + where.total() + " objects of " + where.prefix() + " are " + in + state + ": " + what
                + where.command() + " " + ThawRetrieval.DEFAULT.flags() + " (" + RetrievalTimes.of(byTier.keySet())
                + "; nothing already restoring is requested again)";
    }

    private static void refuseExpeditedFromDeepArchive(Where where, Collection<GlacierObject> objects,
                                                       ThawRetrieval retrieval) {
        long deep = objects.stream().filter(o -> o.state() == ThawState.NONE && o.tier() == StorageTier.DEEP_ARCHIVE)
                .count();
        if (retrieval.tier() == Tier.EXPEDITED && deep > 0) {
            throw new ThawException("Expedited retrieval is not offered for DEEP_ARCHIVE, where " + deep + " of "
                    + where.total() + " objects of " + where.prefix() + " are: use --retrieval-tier Standard (up to 12 h) "
                    + "or Bulk (up to 48 h); nothing was requested");
        }
    }

    private static void request(S3Client s3, Where where, Map<String, GlacierObject> objects, ThawRetrieval retrieval) {
        long restoringBefore = objects.values().stream().filter(o -> o.state() == ThawState.ONGOING).count();
        long restoredBefore = objects.values().stream().filter(GlacierObject::readable).count();
        Map<Answer, Integer> answers = new EnumMap<>(Answer.class);
        for (GlacierObject object : List.copyOf(objects.values())) {
            if (object.state() == ThawState.NONE) {
                Answer answer = restore(s3, where, object, retrieval, answers.getOrDefault(Answer.REQUESTED, 0));
                answers.merge(answer, 1, Integer::sum);
                objects.put(object.key(), object.with(answer.state));
            }
        }
        LOG.info("Restore of {} archived object(s) of s3://{}/{} requested ({}); {} already restoring, {} already restored",
                answers.getOrDefault(Answer.REQUESTED, 0), where.bucket(), where.prefix(), retrieval,
                restoringBefore + answers.getOrDefault(Answer.ALREADY_RESTORING, 0),
                restoredBefore + answers.getOrDefault(Answer.RESTORED, 0));
    }

    /** What S3 answered a RestoreObject, and the state the object is then in. */
    private enum Answer {
        REQUESTED(ThawState.ONGOING), ALREADY_RESTORING(ThawState.ONGOING), RESTORED(ThawState.DONE);

        final ThawState state;

        Answer(ThawState state) {
            this.state = state;
        }
    }

    /**
     * One RestoreObject: 202 (accepted), 409 RestoreAlreadyInProgress (another run asked first: not an
     * error), 200 (a restored copy is there; its expiry is extended).
     */
    private static Answer restore(S3Client s3, Where where, GlacierObject object, ThawRetrieval retrieval,
                                  int requestedSoFar) {
        try {
            int status = s3.restoreObject(r -> r.bucket(where.bucket()).key(object.key()).restoreRequest(q -> q
                    .days(retrieval.days()).glacierJobParameters(g -> g.tier(retrieval.tier()))))
                    .sdkHttpResponse().statusCode();
            return status == 200 ? Answer.RESTORED : Answer.REQUESTED;
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("RestoreAlreadyInProgress".equals(code)) {
                return Answer.ALREADY_RESTORING;
            }
            if ("ObjectAlreadyInActiveTierError".equals(code)) {
                return Answer.RESTORED; // moved out of the archive classes since the listing: readable as it is
            }
            String after = requestedSoFar == 0 ? "" : " (the " + requestedSoFar + " restore(s) requested before it go on: "
                    + "a rerun does not request them again)";
            if ("GlacierExpeditedRetrievalNotAvailable".equals(code)) {
                throw new ThawException("AWS has no Expedited retrieval capacity now (" + code + ") for s3://"
                        + where.bucket() + "/" + object.key() + ": run again with --retrieval-tier Standard" + after, e);
            }
            throw new ThawException("RestoreObject of s3://" + where.bucket() + "/" + object.key() + " failed: "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage() + " (" + code
                    + ", HTTP " + e.statusCode() + ")") + after, e);
        }
    }

    /** Polls the objects not yet readable until all are, logging ready/total and the time waited. */
    private void await(S3Client s3, Where where, Map<String, GlacierObject> objects, ThawRetrieval retrieval) {
        Instant start = clock.instant();
        int total = objects.size();
        String what = "restore of " + total + " archived object(s) of s3://" + where.bucket() + "/" + where.prefix();
        try {
            waiter.until(what, settings.timeout(), ThawSettings.TIMEOUT, () -> {
                for (GlacierObject object : List.copyOf(objects.values())) {
                    if (!object.readable()) {
                        ThawState now = state(s3, where.bucket(), object.key());
                        if (now == ThawState.NONE) {
                            // The restored copy expired, or the object was rewritten: ask again.
                            LOG.warn("s3://{}/{} is no longer restoring: requested again", where.bucket(), object.key());
                            now = restore(s3, where, object, retrieval, 0).state;
                        }
                        objects.put(object.key(), object.with(now));
                    }
                }
                return objects.values().stream().filter(GlacierObject::readable).count();
            }, ready -> ready + "/" + total + " archived objects readable, "
                    + elapsed(Duration.between(start, clock.instant())) + " elapsed",
                    ready -> ready == total, ready -> false);
        } catch (Waiter.Stopped e) {
            throw new ThawException("Stopped while waiting for the " + what + ": the restores requested go on "
                    + "in S3; run the same command again to wait for them (nothing is requested twice)", e);
        } catch (IllegalStateException timeout) {
            throw new ThawException(timeout.getMessage() + ": the restores go on in S3; run the same command "
                    + "again to wait further (nothing is requested twice)", timeout);
        }
    }

    /** {@code 1h05m}, or {@code 4m07s} under an hour. */
    static String elapsed(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }

    /** The folder being made readable, how many objects it holds, and the command that asked. */
    record Where(String bucket, String prefix, int total, String command) {
    }
}
