package io.strata.trigger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request files dropped into the inbox folder. The outcome goes to {@code .done/<name>.result.json}
 * (or {@code .failed/<name>.result.json} for a rejected request) BEFORE the route moves the file
 * there: a file found again with the same name and bytes after a crash between the two is
 * recognised by its outcome and moved, not run again.
 */
public final class InboxRequests {

    public static final String DONE = ".done";
    public static final String FAILED = ".failed";

    private static final Logger LOG = LoggerFactory.getLogger(InboxRequests.class);

    private final Path dir;
    private final RequestHandler handler;

    public InboxRequests(Path dir, RequestHandler handler) {
        this.dir = dir;
        this.handler = handler;
    }

    /** The idempotent key of a delivery: the same name with the same bytes is the same request. */
    /**
     * The name a handled request file is kept under beside its outcome: never an outcome's name
     * ({@code x.json.result.json} dropped as a request must not overwrite the outcome of {@code x.json}).
     */
    public String storedName(String name) {
        return name.endsWith(".result.json") ? name + ".request" : name;
    }

    public String key(String name, byte[] content) {
        return "inbox:" + dir.toAbsolutePath().normalize() + "/" + name + ":" + RequestHandler.sha256(content);
    }

    /** Runs the request (unless its outcome is already there) and returns the folder it moves to. */
    public String handle(String name, byte[] content) {
        Optional<String> earlier = earlier(name, RequestHandler.sha256(content));
        if (earlier.isPresent()) {
            LOG.info("Request {} in {} was already processed (outcome in {}): moved, not run again", name, dir,
                    earlier.get());
            return earlier.get();
        }
        RequestOutcome outcome = handler.handle(name, content);
        String folder = outcome.rejected() ? FAILED : DONE;
        write(folder, name, outcome);
        LOG.info("{} -> {}/{}", outcome.summary(), folder, name);
        return folder;
    }

    /** A second delivery the idempotent repository knows: moved beside the first, never run again. */
    public String duplicate(String name, byte[] content) {
        String folder = earlier(name, RequestHandler.sha256(content)).orElse(DONE);
        LOG.info("Request {} in {} is a duplicate of one already processed: moved to {}, not run again", name, dir, folder);
        return folder;
    }

    private Optional<String> earlier(String name, String sha) {
        for (String folder : new String[] {DONE, FAILED}) {
            Path result = dir.resolve(folder).resolve(name + ".result.json");
            try {
                if (Files.isRegularFile(result) && OutcomeJson.read(Files.readAllBytes(result))
                        .filter(outcome -> sha.equals(outcome.sha256())).isPresent()) {
                    return Optional.of(folder);
                }
            } catch (IOException e) {
                LOG.warn("Cannot read {}: {}", result, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private void write(String folder, String name, RequestOutcome outcome) {
        Path target = dir.resolve(folder).resolve(name + ".result.json");
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + name, ".tmp");
            Files.write(temp, OutcomeJson.write(outcome));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw OutcomeJson.unchecked("Cannot write the outcome of request " + name + " to " + target, e);
        }
    }
}
