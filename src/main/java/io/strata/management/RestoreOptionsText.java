package io.strata.management;

import io.strata.run.Recoveries.RestoreOrder;
import io.strata.service.CommonRestoreOptions;
import io.strata.service.RestoreOption;
import io.strata.service.RestoreOptionCatalog;
import io.strata.service.RestoreRequest;
import io.strata.thaw.ThawRetrieval;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JMX's restore options as one string, {@code overwrite,key=pk:S,sk:N,retrieval-tier=Bulk}: the options
 * the services declare, by name, a flag alone or {@code =true|false}, and the archive retrieval's
 * {@code retrieval-tier} and {@code restore-days}. A comma followed by anything but a known name
 * belongs to the value before it (DynamoDB's {@code key} holds one).
 */
final class RestoreOptionsText {

    private static final Pattern ENTRY = Pattern.compile("\\s*([a-z][a-z0-9-]*)\\s*(?:=(.*))?", Pattern.DOTALL);

    private final RestoreOptionCatalog catalog;

    RestoreOptionsText(RestoreOptionCatalog catalog) {
        this.catalog = catalog;
    }

    /** The order for {@code direct:restore-request}; fails naming an unknown option or a refused value. */
    RestoreOrder order(String source, String target, String text) {
        Map<String, String> given = split(text == null ? "" : text);
        String tier = given.remove(CommonRestoreOptions.RETRIEVAL_TIER.name());
        String days = given.remove(CommonRestoreOptions.RESTORE_DAYS.name());
        Map<String, String> options = new LinkedHashMap<>();
        catalog.check(given, name -> "'" + name + "'").forEach((name, value) -> {
            if (!"false".equals(value) || !catalog.named(name).orElseThrow().isFlag()) {
                options.put(name, value); // a flag set to false is as good as not given, as on the command line
            }
        });
        if (target == null && catalog.all().stream().filter(RestoreOption::makes).noneMatch(o -> options.containsKey(o.name()))) {
            throw new IllegalArgumentException("Missing a target (the table, DB instance or cluster to create)");
        }
        return new RestoreOrder(source, new RestoreRequest(target, options), retrieval(tier, days));
    }

    private static Optional<ThawRetrieval> retrieval(String tier, String days) {
        Integer parsedDays = null;
        if (days != null) {
            try {
                parsedDays = ThawRetrieval.days(Integer.parseInt(days.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("restore option 'restore-days' " + (e instanceof NumberFormatException
                        ? "must be a whole number of days, not '" + days + "'" : e.getMessage()));
            }
        }
        try {
            return ThawRetrieval.of(tier, parsedDays);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("restore option 'retrieval-tier' " + e.getMessage());
        }
    }

    private static Map<String, String> split(String text) {
        Map<String, String> given = new LinkedHashMap<>();
        String last = null;
        for (String part : text.split(",", -1)) {
            Matcher entry = ENTRY.matcher(part);
            if (entry.matches()) {
                last = entry.group(1);
                if (given.put(last, entry.group(2) == null ? "true" : entry.group(2).trim()) != null) {
                    throw new IllegalArgumentException("restore option '" + last + "' given twice");
                }
            } else if (last != null) {
                given.put(last, given.get(last) + "," + part.trim());
            } else if (!part.isBlank()) {
                throw new IllegalArgumentException("restore options are name=value or a flag's name, separated by "
                        + "commas, not '" + part.trim() + "'");
            }
        }
        return given;
    }
}
