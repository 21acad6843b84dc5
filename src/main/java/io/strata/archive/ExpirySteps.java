package io.strata.archive;

import io.strata.vault.ObjectDeletes;
import io.strata.vault.ObjectDeletes.Target;
import io.strata.vault.RecoveryPoint;
import io.strata.vault.RecoveryPointKey;
import io.strata.vault.StoredObject;
import io.strata.vault.Vault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The steps of {@link Expiry} over many recovery points at once. A step that fails for a recovery
 * point records why in its result and drops it from the later steps, so that no step ever runs for a
 * point whose earlier step did not complete: a half-deleted recovery point never looks valid.
 */
final class ExpirySteps {

    /** One recovery point on its way out: its place among the results, its folder and objects. */
    record Job(int index, RecoveryPointKey key, RecoveryPoint point, List<StoredObject> objects) {
    }

    private final Vault vault;
    private final boolean versioned;
    private final Expiry.Result[] results;
    private final ObjectDeletes deletes;
    /** On a versioned bucket, every version and delete marker of each folder, by folder and key. */
    private final Map<String, Map<String, List<Target>>> versions = new HashMap<>();

    ExpirySteps(Vault vault, boolean versioned, Expiry.Result[] results) {
        this.vault = vault;
        this.versioned = versioned;
        this.results = results;
        this.deletes = new ObjectDeletes(vault);
    }

    /**
     * On a versioned bucket, one listing of each folder's versions (after its marker was written, so
     * the marker's own version is in it): every version Strata wrote goes, a delete marker alone keeps paying.
     */
    void listVersions(List<Job> jobs) {
        if (versioned) {
            each(jobs, job -> versions.put(job.key().prefix(), deletes.versionsUnder(job.key().prefix())),
                    "not expired, its versions could not be listed: ");
        }
    }

    /** Runs {@code step} for each job; one that throws fails with {@code why} and leaves the list. */
    void each(List<Job> jobs, Consumer<Job> step, String why) {
        jobs.removeIf(job -> {
            try {
                step.accept(job);
                return false;
            } catch (RuntimeException e) {
                results[job.index()] = Expiry.Result.failed(why + e.getMessage());
                return true;
            }
        });
    }

    /** Deletes the keys each job names (every version of each on a versioned bucket) in DeleteObjects batches. */
    void delete(List<Job> jobs, Function<Job, List<String>> keys, String why) {
        Map<Target, Job> targets = new LinkedHashMap<>();
        for (Job job : jobs) {
            for (String key : keys.apply(job)) {
                targetsOf(job, key).forEach(target -> targets.put(target, job));
            }
        }
        run(jobs, targets, why);
    }

    /**
     * The markers, last. On a bucket whose default retention locked the marker's version the moment
     * it was written, a delete marker hides it (as the attempt lease's): its version goes when its lock has passed.
     */
    void deleteMarkers(List<Job> jobs, String why) {
        boolean hideOnly = versioned && vault.locks().objectLock().bucketDefault();
        Map<Target, Job> targets = new LinkedHashMap<>();
        for (Job job : jobs) {
            String marker = job.key().expiringKey();
            (hideOnly ? List.of(Target.current(marker)) : targetsOf(job, marker)).forEach(t -> targets.put(t, job));
        }
        run(jobs, targets, why);
    }

    private List<Target> targetsOf(Job job, String key) {
        return versioned ? versions.getOrDefault(job.key().prefix(), Map.of()).getOrDefault(key, List.of())
                : List.of(Target.current(key));
    }

    private void run(List<Job> jobs, Map<Target, Job> targets, String why) {
        Map<Target, String> refused;
        try {
            refused = deletes.delete(new ArrayList<>(targets.keySet()));
        } catch (RuntimeException e) {
            // The request failed as a whole: none of its keys is known deleted.
            jobs.forEach(job -> results[job.index()] = Expiry.Result.failed(why + e.getMessage()));
            jobs.clear();
            return;
        }
        Map<Job, List<String>> byJob = new LinkedHashMap<>();
        refused.forEach((target, reason) -> byJob.computeIfAbsent(targets.getOrDefault(target,
                owner(jobs, target.key())), j -> new ArrayList<>()).add(reason));
        byJob.forEach((job, reasons) -> {
            if (job != null) {
                results[job.index()] = Expiry.Result.failed(why + String.join("; ", reasons));
            }
        });
        jobs.removeIf(byJob::containsKey);
    }

    /** The job whose folder holds {@code key}: for a refusal S3 reported under another version id than asked. */
    private static Job owner(List<Job> jobs, String key) {
        return jobs.stream().filter(job -> key.startsWith(job.key().prefix())).findFirst().orElse(null);
    }
}
