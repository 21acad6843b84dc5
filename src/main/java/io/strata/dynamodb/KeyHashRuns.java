package io.strata.dynamodb;

import io.strata.service.Failures;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Finds equal key hashes among any number of items in flat memory: hashes are buffered in runs of
 * {@link #RUN} entries, each run sorted and spilled to a temporary file, and the sorted runs are
 * merged; equal hashes end up neighbours. At 100 M items: 200 runs of 12 MB on disk (24 bytes per
 * item, 2.4 GB), ~20 MB of heap for the run being filled and 32 KB per run while merging. The
 * temporary files are deleted by {@link #close()}, whatever happened.
 */
final class KeyHashRuns implements AutoCloseable {

    static final int RUN = 500_000;
    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::high).thenComparingLong(Entry::low);

    /** A key's 128-bit hash, and where the item is: {@link #where(int, long)}. */
    record Entry(long high, long low, long where) {
    }

    /** How many items share a key hash with an earlier one, and the first {@code samples} such pairs. */
    record Duplicates(long count, List<long[]> pairs) {
    }

    private final int runSize;
    private final List<Path> runs = new ArrayList<>();
    private Entry[] buffer;
    private int size;

    KeyHashRuns() {
        this(RUN);
    }

    KeyHashRuns(int runSize) {
        this.runSize = runSize;
        this.buffer = new Entry[Math.min(runSize, 1024)];
    }

    /** Item {@code number} (from 1) of data file {@code file}, in one long: 2^40 items per file, 2^23 files. */
    static long where(int file, long number) {
        return ((long) file << 40) | number;
    }

    static int file(long where) {
        return (int) (where >>> 40);
    }

    static long number(long where) {
        return where & ((1L << 40) - 1);
    }

    synchronized void add(long high, long low, long where) {
        if (size == buffer.length) {
            if (size == runSize) {
                spill();
            } else {
                buffer = Arrays.copyOf(buffer, Math.min(runSize, size * 2));
            }
        }
        buffer[size++] = new Entry(high, low, where);
    }

    private void spill() {
        Arrays.sort(buffer, 0, size, ORDER);
        try {
            Path run = Files.createTempFile("strata-keys-", ".run");
            runs.add(run);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 64 * 1024))) {
                for (int i = 0; i < size; i++) {
                    out.writeLong(buffer[i].high());
                    out.writeLong(buffer[i].low());
                    out.writeLong(buffer[i].where());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a run of key hashes to the temporary folder ("
                    + System.getProperty("java.io.tmpdir") + "): " + Failures.message(e), e);
        }
        size = 0;
    }

    /** One sorted run, read entry by entry. */
    private interface Cursor {
        Entry current();

        boolean advance() throws IOException;
    }

    /** Merges every run; call once, after the last {@link #add}. */
    synchronized Duplicates duplicates(int samples) {
        Arrays.sort(buffer, 0, size, ORDER);
        List<DataInputStream> open = new ArrayList<>();
        PriorityQueue<Cursor> queue = new PriorityQueue<>(Comparator.comparing(Cursor::current, ORDER));
        try {
            for (Path run : runs) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 32 * 1024));
                open.add(in);
                offer(queue, fileCursor(in));
            }
            offer(queue, memoryCursor());
            long count = 0;
            List<long[]> pairs = new ArrayList<>();
            Entry first = null;
            while (!queue.isEmpty()) {
                Cursor cursor = queue.poll();
                Entry entry = cursor.current();
                if (first != null && first.high() == entry.high() && first.low() == entry.low()) {
                    count++;
                    if (pairs.size() < samples) {
                        pairs.add(new long[] {first.where(), entry.where()});
                    }
                } else {
                    first = entry;
                }
                offer(queue, cursor);
            }
            return new Duplicates(count, pairs);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read back a run of key hashes: " + Failures.message(e), e);
        } finally {
            open.forEach(in -> {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // a read-only stream of a file deleted next
                }
            });
        }
    }

    /** Puts {@code cursor} back in line at its next entry, or drops it at its end. */
    private static void offer(PriorityQueue<Cursor> queue, Cursor cursor) throws IOException {
        if (cursor.advance()) {
            queue.add(cursor);
        }
    }

    private Cursor memoryCursor() {
        return new Cursor() {
            private int next;
            private Entry current;

            @Override
            public Entry current() {
                return current;
            }

            @Override
            public boolean advance() {
                current = next < size ? buffer[next++] : null;
                return current != null;
            }
        };
    }

    private static Cursor fileCursor(DataInputStream in) {
        return new Cursor() {
            private Entry current;

            @Override
            public Entry current() {
                return current;
            }

            @Override
            public boolean advance() throws IOException {
                try {
                    current = new Entry(in.readLong(), in.readLong(), in.readLong());
                    return true;
                } catch (EOFException end) {
                    return false;
                }
            }
        };
    }

    /** Deletes every run on disk. */
    @Override
    public synchronized void close() {
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException ignored) {
                // the temporary folder is the system's; a file left there holds only hashes
            }
        }
        runs.clear();
        buffer = new Entry[0];
        size = 0;
    }
}
