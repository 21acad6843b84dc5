package io.strata.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read after the inbox's type check, as if the entry had been swapped between the two: a link in the
 * file's place is refused, a FIFO in its place cannot hold the reader past its time limit, and no file is
 * read past 64 KB + 1 byte. A real FIFO ({@code mkfifo}) and a real symbolic link.
 */
class RequestFileReaderTest {

    @TempDir
    Path dir;

    @Test
    void aLinkPutInTheFilesPlaceIsNotFollowed() throws Exception {
        Path target = Files.writeString(dir.resolve("secret"), "TOPSECRET");
        Path link = Files.createSymbolicLink(dir.resolve("request.json"), target);

        try (RequestFileReader reader = new RequestFileReader()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> reader.read(link));
            assertTrue(e.getMessage().contains("request.json could not be read"), e.getMessage());
            assertTrue(!e.getMessage().contains("TOPSECRET"), e.getMessage());
        }
    }

    @Test
    void aFifoPutInTheFilesPlaceIsGivenUpAfterTheTimeLimit() throws Exception {
        Path fifo = dir.resolve("request.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor(), "mkfifo");

        try (RequestFileReader reader = new RequestFileReader(Duration.ofMillis(500))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> reader.read(fifo));
            assertTrue(e.getMessage().contains("could not be read within 0.5 s"), e.getMessage());

            Path real = Files.writeString(dir.resolve("real.json"), "{}");
            assertEquals("{}", new String(reader.read(real)), "the reader still reads after a stuck open");
        }
    }

    @Test
    void noMoreThan64KbAndOneByteIsRead() throws Exception {
        Path big = dir.resolve("big.json");
        try (var file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(1L << 30); // 1 GiB, sparse: reading it whole would need the heap
        }

        try (RequestFileReader reader = new RequestFileReader()) {
            assertEquals(RequestParser.MAX_BYTES + 1, reader.read(big).length);
        }
    }
}
