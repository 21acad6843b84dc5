package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.strata.service.Failures;
import io.strata.vault.DataFile;
import io.strata.vault.Vault;
import io.strata.vault.error.VaultException;
import io.strata.vault.stream.DigestingInputStream;
import io.strata.vault.stream.S3RangeInputStream;
import io.strata.vault.stream.UnreadableObjectException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves every data file of an export before a restore writes anything: each file is read whole
 * and must match its recorded size, MD5, SHA-256 (where recorded; a native export records MD5 only)
 * and item count, and its items must each hold the key the table is restored with, no two the same
 * ({@link UniqueKeys}, in the same read). A restore writes only once every file is proven, from exactly the objects proven
 * (read again with {@code If-Match} their ETag), so a file rewritten in the vault, even as valid
 * gzip, changes no item of any table: not before the bad file's digest is known, and not after.
 *
 * <p>Why a second read rather than staging the files on local disk, at 100 GB of export files (gzip
 * of item JSON, 2.5x for the demo's items, up to ~8x for plain text: 250-800 GB of JSON):
 * <ul>
 *   <li>both must check every byte: gunzip, MD5, SHA-256 and JSON tokens cost ~165 MB/s of item JSON
 *       per core (CPU time, measured here on the demo's items: 65 MB/s of their gzip), so 6-20 min
 *       on 4 cores. Writing the same items (250-800 million of ~1 KB) at a table's default quota of
 *       40,000 writes/s takes 1.7-5.5 h: 40 MB/s of JSON written against ~660 MB/s proven, the
 *       proof adds about 6% (2-6% measured on DynamoDB Local here, 20,000 demo items);</li>
 *   <li>the second read streams: no disk, memory bounded by one 8 MiB range per reader. S3 serves
 *       ~85-90 MB/s per connection, ~350 MB/s to 4 readers: ~5 min of network for 100 GB, inside
 *       the CPU time above. Cost: ~12,000 extra 8 MiB GETs ($0.005); STANDARD_IA and GLACIER_IR
 *       charge retrieval, $1 and $3 per extra 100 GB read;</li>
 *   <li>staging saves only that read, and needs 100 GB of free local disk (a container rarely has a
 *       tenth of that) written once and read once: ~14 min each way on a gp3 volume at its
 *       125 MB/s baseline, slower than reading S3 again.</li>
 * </ul>
 * The rule holds for every target, new tables too: a tampered export then creates nothing, and one
 * order of steps is easier to reason about than two. A restore into a new table pays the extra read.
 */
final class ExportProof {

    private static final Logger LOG = LoggerFactory.getLogger(ExportProof.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final int READERS = 4;

    private final Vault vault;
    private final BooleanSupplier stopRequested;

    ExportProof(Vault vault, BooleanSupplier stopRequested) {
        this.vault = vault;
        this.stopRequested = stopRequested;
    }

    /** What a proof found: one entry per file, proven or with what is wrong with it. */
    private record Outcome(ProvenFile proven, String problem, boolean unreadable) {
        Outcome(ProvenFile proven, String problem) {
            this(proven, problem, false);
        }
    }

    /**
     * The files, each proven, in the source's order; fails naming every file that could not be read
     * or does not match its record. Nothing is written anywhere.
     */
    List<ProvenFile> prove(ExportSource source, TableSchema keys) {
        long started = System.nanoTime();
        long bytes = source.files().stream().mapToLong(f -> Math.max(0, f.bytes())).sum();
        LOG.info("Checking the {} data files ({} bytes) of {} before writing anything", source.files().size(), bytes,
                source.description());
        List<Outcome> outcomes;
        List<String> problems = new ArrayList<>();
        List<DataFile> files = source.files();
        try (UniqueKeys unique = new UniqueKeys(keys, files, i -> vault.openRanged(source.bucket(), files.get(i).key()))) {
            outcomes = proveAll(source, unique);
            outcomes.stream().filter(o -> o.problem() != null && !o.unreadable()).map(Outcome::problem)
                    .forEach(problems::add);
            List<String> unreadable = outcomes.stream().filter(Outcome::unreadable).map(Outcome::problem).toList();
            if (problems.isEmpty() && !unreadable.isEmpty()) {
                // A network or S3 fault, every retry spent: nothing is known about the stored bytes.
                throw new RestoreException(source.description() + ": " + unreadable.size() + " of " + files.size()
                        + " data files could not be read, nothing was written: " + String.join("; ", unreadable));
            }
            problems.addAll(unreadable);
            if (problems.isEmpty()) {
                problems.addAll(unique.finish());
            }
        }
        if (!problems.isEmpty()) {
            throw new RestoreException(source.description() + " does not match what was recorded, nothing was "
                    + "written: " + String.join("; ", problems));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("Checked {} data files of {} in {}s ({} MB/s)", outcomes.size(), source.description(),
                String.format("%.1f", seconds), String.format("%.1f", seconds > 0 ? bytes / seconds / 1e6 : 0));
        return outcomes.stream().map(Outcome::proven).toList();
    }

    private List<Outcome> proveAll(ExportSource source, UniqueKeys unique) {
        List<DataFile> files = source.files();
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(READERS, files.size())), r -> {
            Thread thread = new Thread(r, "restore-check-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int index = 0; index < files.size(); index++) {
                int i = index;
                futures.add(pool.submit(() -> prove(source.bucket(), i, files.get(i), unique)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException("interrupted while checking " + source.description() + ", nothing was written", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new RestoreException(Failures.message(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One file read whole: its digests and its items (top-level JSON objects, one per line), with their keys. */
    private Outcome prove(String bucket, int index, DataFile file, UniqueKeys unique) {
        String where = file.key();
        long items = 0;
        S3RangeInputStream ranged = vault.openRanged(bucket, file.key(), null);
        ItemKeyReader keys = unique.keyReader();
        MessageDigest sha256 = UniqueKeys.sha256();
        try (DigestingInputStream raw = new DigestingInputStream(ranged);
             InputStream in = new GZIPInputStream(new BufferedInputStream(raw, 256 * 1024), 64 * 1024);
             JsonParser json = JSON.createParser(in)) {
            JsonToken token;
            while ((token = json.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    return new Outcome(null, where + ": does not hold one JSON object per line (" + token + " at "
                            + json.currentLocation().getLineNr() + ")");
                }
                unique.item(index, file, ++items, keys.read(json), sha256);
                if (items % 1000 == 0 && stopRequested.getAsBoolean()) {
                    throw new RestoreException("the restore was asked to stop (signal) while checking " + where
                            + ", nothing was written");
                }
            }
            List<String> mismatches = file.mismatches(raw.drain().result(), items);
            if (!mismatches.isEmpty()) {
                return new Outcome(null, String.join("; ", mismatches)); // each names the file
            }
            return new Outcome(new ProvenFile(file, ranged.version()), null);
        } catch (IOException | VaultException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName() + ": truncated or empty";
            if (UnreadableObjectException.in(e)) {
                return new Outcome(null, reason, true);
            }
            return new Outcome(null, where + " could not be read (" + reason + ")");
        }
    }
}
