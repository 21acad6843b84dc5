package io.strata.trigger;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox folder's trigger (route {@code requests-inbox}) and what it holds for the daemon's life:
 * the inbox's lock (one daemon per inbox; taken before the file consumer starts, since the consumer
 * deletes {@code .camelLock} markers it takes for orphans) and the reader's threads.
 */
final class InboxTrigger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboxTrigger.class);

    private final InboxLock lock;
    private final InboxRequests inbox;

    private InboxTrigger(InboxLock lock, InboxRequests inbox) {
        this.lock = lock;
        this.inbox = inbox;
    }

    /** Locks {@code dir} (or fails naming the daemon serving it) and starts its route; returns the trigger. */
    static InboxTrigger start(CamelContext context, Path dir, RequestHandler handler, String delay) throws Exception {
        InboxLock lock = InboxLock.acquire(dir);
        InboxRequests inbox = new InboxRequests(dir, handler);
        try {
            context.getRegistry().bind("inbox", inbox);
            context.getRegistry().bind("inboxFilter", new InboxFileFilter(inbox));
            context.addRouteFromTemplate("requests-inbox", "inbox-trigger", Map.of("dir", dir.toString(), "delay", delay));
        } catch (Exception | Error e) {
            inbox.close();
            lock.close();
            throw e;
        }
        LOG.info("Request inbox {}: results in {}/ and {}/ (locked by {})", dir, InboxRequests.DONE, InboxRequests.FAILED,
                dir.resolve(InboxLock.FILE));
        return new InboxTrigger(lock, inbox);
    }

    /** After Camel stopped: the lock goes last, so no other daemon starts while this one still consumes. */
    @Override
    public void close() {
        inbox.close();
        lock.close();
    }
}
