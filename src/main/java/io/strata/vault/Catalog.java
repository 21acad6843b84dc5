package io.strata.vault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    private static final int READERS = 16;
    private static final Comparator<RecoveryPoint> NEWEST_FIRST_PER_RESOURCE = Comparator
            .comparing(RecoveryPoint::resource)
            .thenComparing(RecoveryPoint::startedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RecoveryPoint::key, Comparator.reverseOrder());

    private final Vault vault;

    Catalog(Vault vault) {
        this.vault = vault;
    }

    /** @param folder under {@code <prefix>strata/}, e.g. {@code dynamodb/} or empty for the whole vault */
    Listing list(String folder, Predicate<RecoveryPoint> filter) {
        List<String> descriptors = vault.s3().listObjectsV2Paginator(r -> r.bucket(vault.bucket())
                        .prefix(vault.prefix() + "strata/" + folder)).contents().stream()
                .map(S3Object::key).filter(key -> key.endsWith("/" + RecoveryPointKey.DESCRIPTOR)).toList();
        List<RecoveryPoint> points = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, Math.min(READERS, descriptors.size())), r -> {
            Thread thread = new Thread(r, "catalog-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<RecoveryPoint>> reads = descriptors.stream()
                    .map(key -> readers.submit(() -> vault.read(RecoveryPointKey.parse(key)))).toList();
            for (int i = 0; i < reads.size(); i++) {
                try {
                    RecoveryPoint point = reads.get(i).get();
                    if (filter.test(point)) {
                        points.add(point);
                    }
                } catch (ExecutionException e) {
                    problems.add("s3://" + vault.bucket() + "/" + descriptors.get(i) + ": " + e.getCause().getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException("Interrupted while reading the recovery points of s3://" + vault.bucket(), e);
        } finally {
            readers.shutdownNow();
        }
        points.sort(NEWEST_FIRST_PER_RESOURCE);
        return new Listing(points, problems);
    }
}
