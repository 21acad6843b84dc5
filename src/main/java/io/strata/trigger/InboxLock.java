package io.strata.trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One daemon per inbox, held for the daemon's life: {@code DIR/.strata-inbox.lock} under an OS file
 * lock ({@link FileChannel#tryLock()}), holding who holds it (pid, host, since when) for the message
 * that refuses a second daemon. Two daemons on one inbox lost requests: the second deleted the first's
 * live {@code .camelLock} markers as orphans, ran a request a second time and the file vanished. The
 * OS releases the lock with its process, so a daemon killed with -9 leaves no stale lock; the file is
 * never deleted (deleting it would let a third daemon lock a new file while the second holds the old).
 */
public final class InboxLock implements AutoCloseable {

    public static final String FILE = ".strata-inbox.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private InboxLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (created if missing) or fails naming the daemon that holds it. */
    public static InboxLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            // NOFOLLOW: a link planted under the lock's name must not make Strata write elsewhere.
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another runtime in this very JVM
            }
            if (lock == null) {
                String holder = holderOf(channel);
                channel.close();
                throw new IllegalStateException("strata.inbox " + dir + " is already served by another Strata daemon ("
                        + (holder.isEmpty() ? "holder unknown" : holder) + "): run one daemon per inbox, or stop that one first");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new InboxLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock strata.inbox " + dir + " (" + file + "): " + e.getMessage(), e);
        }
    }

    /** What the holder wrote (at most 256 bytes: the file is in a folder others may write to). */
    private static String holderOf(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since " + Instant.now() + "\n";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock (if any) goes with the channel
            }
        }
    }

    /** Releases the lock; the file stays (see the class comment). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
