package io.strata.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KeyHashRunsTest {

    private static long runFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("strata-keys-")).count();
        }
    }

    /** 10,000 hashes in runs of 64 (157 runs on disk): the two equal ones, far apart, are found; the files go. */
    @Test
    void equalHashesInDifferentRunsAreFoundAndTheRunsDeleted() throws IOException {
        long before = runFiles();
        try (KeyHashRuns runs = new KeyHashRuns(64)) {
            for (int i = 0; i < 10_000; i++) {
                runs.add(i * 7919L % 10_007, i, KeyHashRuns.where(i % 3, i + 1));
            }
            runs.add(42 * 7919L % 10_007, 42, KeyHashRuns.where(2, 99_999));
            assertTrue(runFiles() > before, "runs were spilled to disk");
            KeyHashRuns.Duplicates duplicates = runs.duplicates(3);
            assertEquals(1, duplicates.count());
            long[] pair = duplicates.pairs().get(0);
            assertEquals(List.of(0, 43L, 2, 99_999L), List.of(KeyHashRuns.file(pair[0]), KeyHashRuns.number(pair[0]),
                    KeyHashRuns.file(pair[1]), KeyHashRuns.number(pair[1])));
        }
        assertEquals(before, runFiles(), "every run file was deleted");
    }

    private static ItemKeyReader.ItemKey read(String schemaKeys, String line) throws IOException {
        try (JsonParser json = new JsonFactory().createParser(line)) {
            json.nextToken();
            return new ItemKeyReader(TableSchema.fromKeys("t", schemaKeys)).read(json);
        }
    }

    /** DynamoDB compares numbers by value: 1, 1.0 and 10E-1 are one key; a binary by its bytes. */
    @Test
    void keysAreCanonical() throws IOException {
        ItemKeyReader.ItemKey one = read("pk:S,sk:N", "{\"Item\":{\"x\":{\"L\":[{\"S\":\"a\"}]},\"sk\":{\"N\":\"1\"},\"pk\":{\"S\":\"a\"}}}");
        ItemKeyReader.ItemKey same = read("pk:S,sk:N", "{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"10E-1\"}}}");
        assertEquals(new String(one.canonical()), new String(same.canonical()));
        assertEquals("pk=\"a\", sk=1", one.text());
        assertEquals("has '" + "sk' of type S, not N", read("pk:S,sk:N", "{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"1\"}}}").problem());
        assertEquals("has no key attribute 'sk'", read("pk:S,sk:N", "{\"Item\":{\"pk\":{\"S\":\"a\"}}}").problem());
        assertNull(read("pk:B", "{\"Item\":{\"pk\":{\"B\":\"AAE=\"}}}").problem());
    }
}
