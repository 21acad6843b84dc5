package io.strata.service;

import io.strata.exit.UsageException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a user asks a restore for: a target name (null when the service's options say what to make,
 * as EC2's {@code launch}; a service that needs one checks it) and the service's own options (e.g. DynamoDB's
 * {@code overwrite}, RDS's {@code instance-class}). A service rejects an option it does not know: bad usage
 * ({@link UsageException}), found before anything is made.
 */
public record RestoreRequest(String target, Map<String, String> options) {

    public RestoreRequest {
        options = Map.copyOf(options);
    }

    /** A yes/no option; anything but true or false is refused ("yes" must not mean a real launch). */
    public boolean flag(String option) {
        String value = options.getOrDefault(option, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new UsageException("Restore option " + option + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public String option(String option) {
        return options.get(option);
    }

    /** Fails naming the options the service does not declare (or does not take for this kind of restore). */
    public void allowOnly(String service, List<RestoreOption> declared) {
        allowOnly(service, declared.stream().map(RestoreOption::name).collect(Collectors.toSet()));
    }

    /** Fails naming the options the service does not know. */
    public void allowOnly(String service, Set<String> known) {
        Map<String, String> unknown = new TreeMap<>(options);
        unknown.keySet().removeAll(known);
        if (!unknown.isEmpty()) {
            throw new UsageException("A " + service + " restore does not take " + unknown.keySet()
                    + " (it takes " + new TreeSet<>(known) + ")");
        }
    }
}
