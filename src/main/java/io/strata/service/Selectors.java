package io.strata.service;

import io.strata.plan.ResourceSelector;
import io.strata.text.Printable;
import io.strata.vault.RecoveryPointAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses selectors and checks each against its service's syntax, and checks restore targets against
 * the rule of the service that will restore: the one check the CLI, request files and JMX share,
 * before any AWS call.
 */
public final class Selectors {

    /** A live resource ({@code rds:instance/ID}) names its service; an {@code s3://} URI does not. */
    private static final Pattern LIVE = Pattern.compile("([a-z0-9]+):(?!//).+");

    private final Map<String, SelectorSyntax> syntax = new LinkedHashMap<>();

    public Selectors(List<SelectorSyntax> all) {
        all.forEach(each -> syntax.put(each.service(), each));
    }

    public ResourceSelector parse(String text) {
        ResourceSelector selector = ResourceSelector.parse(text);
        SelectorSyntax rules = syntax.get(selector.service());
        if (rules == null) {
            throw new IllegalArgumentException("'" + Printable.of(text.trim()) + "': service '" + selector.service()
                    + "' is not supported yet (supported: " + String.join(", ", syntax.keySet()) + ")");
        }
        rules.check(selector);
        return selector;
    }

    /**
     * Throws IllegalArgumentException naming {@code field} (the option or request field the target came
     * in: {@code --to}, {@code "target"}) and the rule, when {@code target} is not a name the service
     * restoring {@code source} gives its resources. A source whose service is not told by its text (a
     * native export at {@code s3://…}) is checked by that service.
     */
    public void checkTarget(String source, String target, String field) {
        if (source == null || target == null) {
            return;
        }
        serviceOf(source.trim()).map(syntax::get).ifPresent(rules -> rules.checkTarget(field, target));
    }

    private static Optional<String> serviceOf(String source) {
        Matcher live = LIVE.matcher(source);
        if (live.matches()) {
            return Optional.of(live.group(1));
        }
        try {
            return RecoveryPointAddress.find(source).map(address -> address.key().service());
        } catch (IllegalArgumentException notAPoint) {
            return Optional.empty();
        }
    }
}
