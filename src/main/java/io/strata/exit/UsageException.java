package io.strata.exit;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Bad usage found below the command line: an argument that names nothing valid, a setting out of
 * range, no credentials to call AWS with. Its message names the argument or setting and says what
 * is expected; a command ends with {@link ExitCode#USAGE} and has changed nothing.
 */
public class UsageException extends IllegalArgumentException {

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The usage error in {@code error}'s cause chain (the SDK and Camel wrap what they call), if any. */
    public static Optional<UsageException> find(Throwable error) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable each = error; each != null && seen.add(each); each = each.getCause()) {
            if (each instanceof UsageException usage) {
                return Optional.of(usage);
            }
        }
        return Optional.empty();
    }
}
