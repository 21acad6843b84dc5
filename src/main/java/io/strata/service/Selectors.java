package io.strata.service;

import io.strata.plan.ResourceSelector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses selectors and checks each against its service's syntax, before any AWS call. */
public final class Selectors {

    private final Map<String, SelectorSyntax> syntax = new LinkedHashMap<>();

    public Selectors(List<SelectorSyntax> all) {
        all.forEach(each -> syntax.put(each.service(), each));
    }

    public ResourceSelector parse(String text) {
        ResourceSelector selector = ResourceSelector.parse(text);
        SelectorSyntax rules = syntax.get(selector.service());
        if (rules == null) {
            throw new IllegalArgumentException("'" + text.trim() + "': service '" + selector.service()
                    + "' is not supported yet (supported: " + String.join(", ", syntax.keySet()) + ")");
        }
        rules.check(selector);
        return selector;
    }
}
