package io.strata.trigger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What an inbox entry is when it is not a plain regular file, in words for its outcome; read without
 * following it. A hard link counts as a link: a file with another name elsewhere (a secret the daemon may
 * read) is no request, whatever the kernel's {@code protected_hardlinks} allowed its maker.
 */
final class InboxEntryKind {

    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    private InboxEntryKind() {
    }

    /** Null for a regular file with one name, else what it is. */
    static String of(Path entry, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
            int names = names(entry);
            return names <= 1 ? null : "a hard link (one of " + names + " names of one file)";
        }
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (attributes.isDirectory()) {
            return "a folder";
        }
        try {
            // The "unix" view tells the special files apart (Linux, macOS); elsewhere they stay "a special file".
            int mode = (Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & TYPE_MASK) {
                case FIFO -> "a FIFO (named pipe)";
                case SOCKET -> "a socket";
                case CHARACTER_DEVICE -> "a character device";
                case BLOCK_DEVICE -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    /** How many names the file has (1 where the "unix" view is missing: nothing more can be known there). */
    private static int names(Path entry) {
        try {
            return (Integer) Files.getAttribute(entry, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return 1;
        }
    }
}
