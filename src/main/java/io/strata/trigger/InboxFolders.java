package io.strata.trigger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where handled inbox entries and their outcomes are kept: {@code .done/} and {@code .failed/}, each
 * entry as {@code NAME} beside {@code NAME.result.json}. An entry is never kept over another one or over
 * another one's outcome: a second, different file dropped as {@code x.json} is kept as
 * {@code x.json.<first 12 hex of its SHA-256>} (deterministic, so that the same file dropped again is
 * recognised by its outcome), a request named like an outcome ({@code x.json.result.json}) as
 * {@code x.json.result.json.request}.
 */
final class InboxFolders {

    static final String DONE = ".done";
    static final String FAILED = ".failed";
    static final String OUTCOME = ".result.json";
    /** Far above any outcome Strata writes; bounds what a file planted in .done/ or .failed/ costs to read. */
    static final long MAX_OUTCOME_BYTES = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(InboxFolders.class);

    private final Path dir;

    InboxFolders(Path dir) {
        this.dir = dir;
    }

    /** {@code FOLDER/STORED} of an earlier delivery of these bytes under this name, recognised by its outcome. */
    Optional<String> earlier(String name, String sha) {
        for (String folder : new String[] {DONE, FAILED}) {
            for (String stored : new String[] {base(name), base(name) + "." + tag(sha)}) {
                Path result = dir.resolve(folder).resolve(stored + OUTCOME);
                try {
                    if (Files.isRegularFile(result, LinkOption.NOFOLLOW_LINKS)
                            && Files.size(result) <= MAX_OUTCOME_BYTES
                            && OutcomeJson.read(Files.readAllBytes(result))
                            .filter(outcome -> sha.equals(outcome.sha256())).isPresent()) {
                        return Optional.of(folder + "/" + stored);
                    }
                } catch (IOException e) {
                    LOG.warn("Cannot read {}: {}", result, e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** A name under {@code folder} that holds neither an entry nor an outcome yet: {@code name} itself if free. */
    String freeName(String folder, String name, String tag) {
        String stored = base(name);
        if (free(folder, stored)) {
            return stored;
        }
        String tagged = stored + "." + tag;
        stored = tagged;
        for (int n = 2; !free(folder, stored); n++) {
            stored = tagged + "." + n;
        }
        return stored;
    }

    /** The first 12 hex digits of a SHA-256: what tells two different files dropped under one name apart. */
    static String tag(String sha) {
        return sha.substring(0, 12);
    }

    /** Written before the entry moves: a crash between the two leaves a file whose outcome says it was handled. */
    void writeOutcome(String folder, String stored, RequestOutcome outcome) {
        Path target = dir.resolve(folder).resolve(stored + OUTCOME);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".outcome", ".tmp");
            Files.write(temp, OutcomeJson.write(outcome));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw OutcomeJson.unchecked("Cannot write the outcome of request " + outcome.request() + " to " + target, e);
        }
    }

    /** Moves the entry itself (a link is moved as the link, never its target; a FIFO is not opened). */
    void move(String name, String folder, String stored) throws IOException {
        Path target = dir.resolve(folder).resolve(stored);
        Files.createDirectories(target.getParent());
        Files.move(dir.resolve(name), target);
    }

    private boolean free(String folder, String stored) {
        Path entry = dir.resolve(folder).resolve(stored);
        return !Files.exists(entry, LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(entry.resolveSibling(stored + OUTCOME), LinkOption.NOFOLLOW_LINKS);
    }

    /** An entry named like an outcome is kept with {@code .request} appended, never over that outcome. */
    private static String base(String name) {
        return name.endsWith(OUTCOME) ? name + ".request" : name;
    }
}
