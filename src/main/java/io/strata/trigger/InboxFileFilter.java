package io.strata.trigger;

import java.io.File;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * The inbox file consumer's {@code filter}: Camel asks it for every entry before its read lock or the
 * route touch it (and, at start, before deleting an orphaned {@code .camelLock}), so that a link or a
 * FIFO is set aside by {@link InboxRequests#admit} before anything follows or opens it. Without it,
 * Camel's consumer took a link as the file it points to and opened a FIFO, blocking for good.
 */
public final class InboxFileFilter implements GenericFileFilter<File> {

    private final InboxRequests inbox;

    public InboxFileFilter(InboxRequests inbox) {
        this.inbox = inbox;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        // Folders are never polled (the consumer is not recursive); Camel decides about them as before.
        return file.isDirectory() || inbox.admit(file.getFileNameOnly());
    }
}
