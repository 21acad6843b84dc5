package io.strata.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Local mode's data folder, held by one process at a time: two embedded DynamoDB Locals on one database file, or
 * two S3Mocks on one store (each keeps its own in-memory index and rewrites the bucket's metadata), would corrupt
 * each other's data, so a second command is refused rather than let in. The lock is the operating system's on
 * {@code lock} in the folder: it ends with the process that held it, even one killed with -9, so it never goes
 * stale. The file also names its holder for the refusal's message.
 */
public final class LocalDataDir implements AutoCloseable {

    static final String LOCK_FILE = "lock";

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private LocalDataDir(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the folder if needed and locks it for this process.
     * @param setting the setting that named it, for the messages
     * @throws LocalDataDirBusy when another process holds it
     */
    public static LocalDataDir lock(Path folder, String setting) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        FileChannel channel = FileChannel.open(absolute.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM (another composition of a test)
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new LocalDataDirBusy(setting + " " + absolute + " is in use by another local Strata command"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + ": local mode keeps one set of tables and one "
                    + "vault there, which two processes would corrupt. Wait for it to finish, or set " + setting
                    + " to another folder");
        }
        String holder = "pid " + ProcessHandle.current().pid() + ", since " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        return new LocalDataDir(absolute, channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(200);
            int read = channel.read(buffer, 0);
            return read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another process holds the folder. */
    public static final class LocalDataDirBusy extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LocalDataDirBusy(String message) {
            super(message);
        }
    }
}
