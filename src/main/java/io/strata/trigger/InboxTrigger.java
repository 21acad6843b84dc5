package io.strata.trigger;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox folder's trigger (route {@code requests-inbox}) and what it holds for the daemon's life:
 * the inbox's lock (one daemon per inbox; taken before the file consumer starts, since the consumer
 * deletes {@code .camelLock} markers it takes for orphans) and the reader's threads. With several replicas
 * ({@code shared}) there is no such lock: every replica polls the inbox, each file is claimed by its name in the
 * shared repository before it is read (the file consumer's own idempotent check, eager), and no marker files are
 * made (a replica starting would delete another's live ones as orphans).
 */
final class InboxTrigger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboxTrigger.class);

    /** Null when replicas share the inbox. */
    private final InboxLock lock;
    private final InboxRequests inbox;

    private InboxTrigger(InboxLock lock, InboxRequests inbox) {
        this.lock = lock;
        this.inbox = inbox;
    }

    /**
     * Locks {@code dir} (or fails naming the daemon serving it) unless it is {@code shared} by replicas, and starts
     * its route; returns the trigger.
     */
    static InboxTrigger start(CamelContext context, Path dir, RequestHandler handler, String delay, boolean shared)
            throws Exception {
        InboxLock lock = shared ? null : InboxLock.acquire(dir);
        InboxRequests inbox = new InboxRequests(dir, handler);
        try {
            context.getRegistry().bind("inbox", inbox);
            context.getRegistry().bind("inboxFilter", new InboxFileFilter(inbox));
            context.addRouteFromTemplate("requests-inbox", "inbox-trigger", Map.of("dir", dir.toString(), "delay", delay,
                    "claimed", String.valueOf(shared), "markers", String.valueOf(!shared)));
        } catch (Exception | Error e) {
            inbox.close();
            closeLock(lock);
            throw e;
        }
        LOG.info("Request inbox {}: results in {}/ and {}/ ({})", dir, InboxRequests.DONE, InboxRequests.FAILED,
                shared ? "shared with the other replicas" : "locked by " + dir.resolve(InboxLock.FILE));
        return new InboxTrigger(lock, inbox);
    }

    /** After Camel stopped: the lock goes last, so no other daemon starts while this one still consumes. */
    @Override
    public void close() {
        inbox.close();
        closeLock(lock);
    }

    private static void closeLock(InboxLock lock) {
        if (lock != null) {
            lock.close();
        }
    }
}
