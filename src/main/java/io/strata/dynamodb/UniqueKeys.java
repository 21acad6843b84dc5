package io.strata.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.strata.service.Failures;
import io.strata.vault.DataFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;

/**
 * Every item of an export must hold the key attributes of its key schema, with their types, and no
 * two items may share a key: DynamoDB keeps one item per key, so a restore of such an export stores
 * fewer items than it sends, and a recovery point whose recorded schema was narrowed by hand would
 * restore with items lost. Read in the pass that already reads every file (verify, the restore's
 * proof), in flat memory: per item, the SHA-256 of its canonical key truncated to 128 bits goes to
 * {@link KeyHashRuns}.
 *
 * <p>Why 128 bits are enough: two different keys share a hash with probability about n²/2^129 —
 * 1.5e-23 at 100 M items. A shared hash is named by re-reading both items (so the message names the
 * key); both items read back with different keys would mean that collision or a file changed while it
 * was read, and is reported as a failure too: a false failure is seen, a false pass would not be.
 * Thread-safe: the restore's proof reads several files at once.
 */
final class UniqueKeys implements ItemReader {

    // The caller still drains and digests the stream after the items: the parser must not close it.
    private static final JsonFactory JSON = new JsonFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    private static final int SHOWN = 3;

    private final TableSchema schema;
    private final List<DataFile> files;
    private final IntFunction<InputStream> reopen;
    private final KeyHashRuns hashes = new KeyHashRuns();
    private final List<String> keyProblems = new ArrayList<>();
    private long itemsWithKeyProblems;

    /** @param reopen the stored (gzip) bytes of data file number i, to name a shared key */
    UniqueKeys(TableSchema schema, List<DataFile> files, IntFunction<InputStream> reopen) {
        this.schema = schema;
        this.files = files;
        this.reopen = reopen;
    }

    /** A reader of this schema's keys, for one thread. */
    ItemKeyReader keyReader() {
        return new ItemKeyReader(schema);
    }

    /** The items of one decompressed data file, one JSON object each. */
    @Override
    public long read(int index, DataFile file, InputStream content) throws IOException {
        ItemKeyReader keys = keyReader();
        MessageDigest sha256 = sha256();
        long items = 0;
        try (JsonParser json = JSON.createParser(content)) {
            JsonToken token;
            while ((token = json.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("does not hold one JSON object per line (" + token + " at line "
                            + json.currentLocation().getLineNr() + ")");
                }
                item(index, file, ++items, keys.read(json), sha256);
            }
        }
        return items;
    }

    /** One item read by {@code keys}: its key hash kept, or what is wrong with its key noted. */
    void item(int index, DataFile file, long number, ItemKeyReader.ItemKey key, MessageDigest sha256) {
        if (key.problem() != null) {
            synchronized (keyProblems) {
                if (++itemsWithKeyProblems <= SHOWN) {
                    keyProblems.add("item " + number + " of " + file.key() + " " + key.problem());
                }
            }
            return;
        }
        ByteBuffer hash = ByteBuffer.wrap(sha256.digest(key.canonical()));
        hashes.add(hash.getLong(), hash.getLong(), KeyHashRuns.where(index, number));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public List<String> finish() {
        List<String> problems = new ArrayList<>();
        String keys = String.join(",", schema.keySchema().stream().map(k -> k.name() + " " + k.keyType()).toList());
        if (schema.keySchema().isEmpty()) {
            problems.add("recovery-point.json records no key schema");
            return problems;
        }
        synchronized (keyProblems) {
            if (itemsWithKeyProblems > 0) {
                problems.add(itemsWithKeyProblems + " items do not hold the recorded key (" + keys + "): "
                        + String.join("; ", keyProblems) + (itemsWithKeyProblems > SHOWN ? "; …" : ""));
            }
        }
        KeyHashRuns.Duplicates duplicates = hashes.duplicates(SHOWN);
        if (duplicates.count() > 0) {
            List<String> named = new ArrayList<>();
            for (long[] pair : duplicates.pairs()) {
                named.add(name(pair[0], pair[1]));
            }
            problems.add(duplicates.count() + " items share the key of another item under the recorded key schema ("
                    + keys + "), so a restore would keep one of each: " + String.join("; ", named)
                    + (duplicates.count() > SHOWN ? "; …" : ""));
        }
        return problems;
    }

    /** Both items read again: "item 1 of A and item 98 of B share the key pk="p0"". */
    private String name(long first, long second) {
        String firstKey = keyAt(first);
        String secondKey = keyAt(second);
        String both = "item " + KeyHashRuns.number(first) + " of " + files.get(KeyHashRuns.file(first)).key()
                + " and item " + KeyHashRuns.number(second) + " of " + files.get(KeyHashRuns.file(second)).key();
        if (firstKey.equals(secondKey)) {
            return both + " share the key " + firstKey;
        }
        return both + " have the same key hash but read back as " + firstKey + " and " + secondKey
                + " (a file changed while it was read)";
    }

    private String keyAt(long where) {
        long wanted = KeyHashRuns.number(where);
        ItemKeyReader keys = new ItemKeyReader(schema);
        try (InputStream in = new GZIPInputStream(reopen.apply(KeyHashRuns.file(where)), 64 * 1024);
             JsonParser json = JSON.createParser(in)) {
            long number = 0;
            while (json.nextToken() == JsonToken.START_OBJECT) {
                if (++number == wanted) {
                    ItemKeyReader.ItemKey key = keys.read(json);
                    return key.problem() == null ? key.text() : "(an item that " + key.problem() + ")";
                }
                json.skipChildren();
            }
            return "(no item " + wanted + " any more)";
        } catch (IOException | RuntimeException e) {
            return "(unreadable now: " + Failures.message(e) + ")";
        }
    }

    @Override
    public void close() {
        hashes.close();
    }
}
