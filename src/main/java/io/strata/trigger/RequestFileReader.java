package io.strata.trigger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads one inbox file that {@link InboxEntries} found to be a regular file, as defence against a swap
 * between that check and this read: opened without following a link ({@code O_NOFOLLOW}: a link put in
 * its place is refused), at most 64 KB + 1 byte read (a larger file is rejected by the parser without
 * being read whole), and within a time limit on a thread of its own, so that a FIFO put in its place
 * (whose open blocks until a writer comes) cannot hold the inbox consumer: the caller gets an error,
 * the file stays, and the next poll sets the FIFO aside unopened. A thread stuck in such an open stays
 * stuck until the FIFO has a writer; it is a daemon thread and never blocks Strata's exit.
 */
public final class RequestFileReader implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;
    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "strata-inbox-read");
        thread.setDaemon(true);
        return thread;
    });

    public RequestFileReader() {
        this(TIMEOUT);
    }

    public RequestFileReader(Duration timeout) {
        this.timeout = timeout;
    }

    /** The file's first {@link RequestParser#MAX_BYTES} + 1 bytes; an unreadable file is an exception naming it. */
    public byte[] read(Path file) {
        Future<byte[]> reading = readers.submit(() -> readCapped(file));
        try {
            return reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            throw new UncheckedIOException(new IOException("Request file " + file + " could not be read within "
                    + timeout.toMillis() / 1000.0 + " s (not a regular file any more?): left for the next poll"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            IOException io = cause instanceof IOException ioException ? ioException : new IOException(cause);
            throw new UncheckedIOException("Request file " + file + " could not be read (a link put in its place is "
                    + "never followed): " + cause.getMessage(), io);
        } catch (InterruptedException e) {
            reading.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading request file " + file, e);
        }
    }

    private static byte[] readCapped(Path file) throws IOException {
        try (InputStream in = Channels.newInputStream(
                Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            return in.readNBytes(RequestParser.MAX_BYTES + 1);
        }
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
