package io.strata.vault;

import io.strata.vault.error.VaultException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The committed recovery points under one folder of the vault: one listing for the descriptor keys,
 * then the descriptors read in parallel (a vault of thousands of recovery points is read in seconds,
 * not one GET after another). Newest first per resource; an unreadable descriptor is a problem
 * named by its key, never a reason to hide the others.
 */
final class Catalog {

    private static final int READERS = 32; // descriptor GETs in flight: S3 answers each in tens of ms
    private static final Comparator<RecoveryPoint> NEWEST_FIRST_PER_RESOURCE = Comparator
            .comparing(RecoveryPoint::resource)
            .thenComparing(RecoveryPoint::startedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RecoveryPoint::key, Comparator.reverseOrder());

    private final Vault vault;

    Catalog(Vault vault) {
        this.vault = vault;
    }

    /**
     * @param folder under {@code <prefix>strata/}, e.g. {@code dynamodb/} or empty for the whole vault
     * @param keys   which recovery points' descriptors to read at all (by key alone: no GET for the others)
     * @param filter which of the recovery points read to list
     */
    Listing list(String folder, Predicate<RecoveryPointKey> keys, Predicate<RecoveryPoint> filter) {
        return list(List.of(vault.prefix() + "strata/" + folder), keys, filter);
    }

    /**
     * The same, listing only the resources named: {@code strata/<service>/<region>/<resourcePrefix>}
     * in every region folder of the service (one small listing finds the regions), so that the
     * recovery points of one table are found without listing the whole service folder.
     *
     * @param resourcePrefixes e.g. {@code orders/} for one resource or {@code orders-} for a prefix
     */
    Listing list(String service, List<String> resourcePrefixes, Predicate<RecoveryPointKey> keys,
                 Predicate<RecoveryPoint> filter) {
        String serviceFolder = vault.prefix() + "strata/" + service + "/";
        List<String> prefixes = new ArrayList<>();
        vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(serviceFolder).delimiter("/"))
                .commonPrefixes().forEach(region -> resourcePrefixes.forEach(resource -> prefixes.add(region.prefix()
                        + resource)));
        return list(prefixes, keys, filter);
    }

    private Listing list(List<String> prefixes, Predicate<RecoveryPointKey> keys, Predicate<RecoveryPoint> filter) {
        // One listing gives the descriptors to read and every object's size and storage class. Each
        // descriptor is read as soon as its page is in, while the next pages are listed: at 10,000
        // recovery points the 40 pages, one after another, would else come before any read.
        Map<String, List<StoredObject>> folders = new HashMap<>();
        List<String> descriptors = new ArrayList<>();
        List<Future<RecoveryPoint>> reads = new ArrayList<>();
        Set<String> expiring = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        List<RecoveryPoint> points = new ArrayList<>();
        Map<String, List<StoredObject>> objects = new HashMap<>();
        ExecutorService readers = Executors.newFixedThreadPool(READERS, r -> { // threads start with the first reads
            Thread thread = new Thread(r, "catalog-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (String prefix : prefixes) {
                for (S3Object object : vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket()).prefix(prefix))
                        .contents()) {
                    listed(object, keys, folders, problems, expiring).ifPresent(descriptor -> {
                        descriptors.add(descriptor);
                        reads.add(readers.submit(() -> vault.read(RecoveryPointKey.parse(descriptor))));
                    });
                }
            }
            for (int i = 0; i < reads.size(); i++) {
                try {
                    RecoveryPoint point = reads.get(i).get();
                    if (filter.test(point)) {
                        points.add(point);
                        objects.put(point.key(), folders.getOrDefault(RecoveryPointKey.parse(descriptors.get(i)).prefix(), List.of()));
                    }
                } catch (ExecutionException e) {
                    String where = "s3://" + vault.bucket() + "/" + descriptors.get(i);
                    String why = String.valueOf(e.getCause().getMessage());
                    problems.add(why.startsWith(where) ? why : where + ": " + why);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException("Interrupted while reading the recovery points of s3://" + vault.bucket(), e);
        } finally {
            readers.shutdownNow();
        }
        points.sort(NEWEST_FIRST_PER_RESOURCE);
        descriptors.forEach(key -> expiring.remove(RecoveryPointKey.parse(key).prefix()));
        Map<String, List<StoredObject>> unfinished = new TreeMap<>();
        expiring.forEach(folderKey -> unfinished.put(folderKey, folders.get(folderKey)));
        return new Listing(points, problems, objects, unfinished);
    }

    /**
     * Files one listed object under its recovery point's folder; the descriptor key to read when it is
     * one. A nested strata/…/strata/… folder's descriptor or marker is named, never read nor acted on.
     */
    private Optional<String> listed(S3Object object, Predicate<RecoveryPointKey> keys,
                                    Map<String, List<StoredObject>> folders, List<String> problems, Set<String> expiring) {
        Optional<RecoveryPointKey> key = RecoveryPointKey.find(object.key());
        if (key.isEmpty() || !keys.test(key.get())) {
            return Optional.empty();
        }
        Optional<String> notOwn = DescriptorReader.notOwnFolder(vault, key.get(), object.key());
        if (notOwn.isPresent()) {
            if (object.key().equals(key.get().descriptorKey()) || object.key().equals(key.get().expiringKey())) {
                problems.add(notOwn.get());
            }
            return Optional.empty();
        }
        folders.computeIfAbsent(key.get().prefix(), k -> new ArrayList<>()).add(new StoredObject(object.key(),
                object.size(), object.storageClassAsString(), object.lastModified()));
        if (object.key().equals(key.get().expiringKey())) {
            expiring.add(key.get().prefix());
        }
        return object.key().equals(key.get().descriptorKey()) ? Optional.of(object.key()) : Optional.empty();
    }
}
