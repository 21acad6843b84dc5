package io.strata.trigger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Request files dropped into the inbox folder, whose writers are not trusted. Only regular files are
 * read ({@link #admit}, asked by the file consumer before it touches an entry): a symbolic link is
 * never followed, a FIFO never opened, each is set aside in {@code .failed/} with the reason. The
 * outcome goes to {@code .done/} (or {@code .failed/} for a rejected request) BEFORE the route moves
 * the file beside it: a file found again with the same name and bytes after a crash between the two is
 * recognised by its outcome and moved, not run again. Names are chosen by {@link InboxFolders}: nothing
 * is ever kept over an earlier entry or outcome.
 */
public final class InboxRequests implements AutoCloseable {

    public static final String DONE = InboxFolders.DONE;
    public static final String FAILED = InboxFolders.FAILED;

    private static final Logger LOG = LoggerFactory.getLogger(InboxRequests.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    private final Path dir;
    private final RequestHandler handler;
    private final InboxFolders folders;
    private final RequestFileReader reader;

    public InboxRequests(Path dir, RequestHandler handler) {
        this(dir, handler, new RequestFileReader());
    }

    InboxRequests(Path dir, RequestHandler handler, RequestFileReader reader) {
        this.dir = dir;
        this.handler = handler;
        this.folders = new InboxFolders(dir);
        this.reader = reader;
    }

    /**
     * Whether the file consumer may take the entry {@code name}: true for a regular file with no other name
     * (and for an entry that is gone: nothing to protect, the consumer finds it missing). Anything else is set aside at once,
     * without following or opening it, and false keeps the consumer (and its read lock) away from it.
     */
    public boolean admit(String name) {
        Path entry = dir.resolve(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            LOG.warn("Inbox entry {} left alone: its type cannot be read ({})", entry, e.getMessage());
            return false;
        }
        String kind = InboxEntryKind.of(entry, attributes);
        if (kind == null) {
            return true;
        }
        setAside(name, kind);
        return false;
    }

    /** The file's bytes (at most 64 KB + 1), read without following a link and within a time limit. */
    public byte[] read(String name) {
        return reader.read(dir.resolve(name));
    }

    /** The idempotent key of a delivery: the same name with the same bytes is the same request. */
    public String key(String name, byte[] content) {
        return "inbox:" + dir.toAbsolutePath().normalize() + "/" + name + ":" + RequestHandler.sha256(content);
    }

    /** Runs the request (unless its outcome is already there) and returns where it moves: {@code FOLDER/NAME}. */
    public String handle(String name, byte[] content) {
        String sha = RequestHandler.sha256(content);
        Optional<String> earlier = folders.earlier(name, sha);
        if (earlier.isPresent()) {
            LOG.info("Request {} in {} was already processed (outcome in {}): moved, not run again", name, dir,
                    earlier.get());
            return earlier.get();
        }
        RequestOutcome outcome = handler.handle(name, content);
        String folder = outcome.rejected() ? FAILED : DONE;
        String stored = folders.freeName(folder, name, InboxFolders.tag(sha));
        folders.writeOutcome(folder, stored, outcome);
        // The one line a request leaves in the log: a warning unless it went well, so --quiet keeps it.
        LOG.atLevel(RequestOutcome.OK.equals(outcome.status()) ? Level.INFO : Level.WARN)
                .log("{} -> {}/{}", outcome.summary(), folder, stored);
        return folder + "/" + stored;
    }

    /** A second delivery the idempotent repository knows: moved beside the first, never run again nor over it. */
    public String duplicate(String name, byte[] content) {
        String sha = RequestHandler.sha256(content);
        String target = folders.earlier(name, sha)
                .orElseGet(() -> DONE + "/" + folders.freeName(DONE, name, InboxFolders.tag(sha)));
        LOG.info("Request {} in {} is a duplicate of one already processed: moved to {}, not run again", name, dir, target);
        return target;
    }

    /** Outcome first, then the entry itself moves: a link as the link, a FIFO unopened. */
    private void setAside(String name, String kind) {
        String stored = folders.freeName(FAILED, name, STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)));
        String reason = "not a regular file but " + kind + ": never followed, opened nor read";
        try {
            folders.writeOutcome(FAILED, stored, handler.refuse(name, reason));
            folders.move(name, FAILED, stored);
            LOG.warn("Inbox entry {} is {}: set aside unread as {}/{}", name, kind, FAILED, stored);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Inbox entry {} is {} and could not be set aside ({}): it is left alone, unread", name, kind,
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
