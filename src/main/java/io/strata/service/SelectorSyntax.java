package io.strata.service;

import io.strata.plan.ResourceSelector;
import io.strata.text.Printable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one service's selectors and names look like, and the selector loop every service shares. A
 * service declares only what is its own (its {@code *Selectors} class): the kinds of resource id it
 * has ({@code instance/} + a DB instance identifier), their name rules, whether it takes prefixes, the
 * rule of a restore target. Pure, so bad input fails before any AWS call; the same rules judge the
 * names a listing returns, so {@code dynamodb:*} never selects a table {@code dynamodb:NAME} would refuse.
 */
public class SelectorSyntax {

    private static final Logger LOG = LoggerFactory.getLogger(SelectorSyntax.class);

    private final String service;
    private final String label;
    private final String noun;
    private final Map<String, NameRule> kinds;
    private final NameRule prefixes;
    private final NameRule target;
    private final String expected;

    /**
     * @param label    the service as users name it: "DynamoDB"
     * @param noun     what a selector selects, for "matched no …": "table"
     * @param kinds    resource id prefix ({@code ""}, {@code instance/}) to the rule of the name after it
     * @param prefixes the rule of a prefix selector's text, or null when the service takes no prefixes
     * @param target   the rule of a restore target, or null when the service checks its own
     * @param expected what a selector must look like, for the error
     */
    protected SelectorSyntax(String service, String label, String noun, Map<String, NameRule> kinds, NameRule prefixes,
                             NameRule target, String expected) {
        this.service = service;
        this.label = label;
        this.noun = noun;
        this.kinds = new LinkedHashMap<>(kinds);
        this.prefixes = prefixes;
        this.target = target;
        this.expected = expected;
    }

    /** What a service finds for one selector: the ids of the resources it names (none: it matched nothing). */
    public interface Lookup {
        List<String> ids(ResourceSelector selector);
    }

    public final String service() {
        return service;
    }

    /** Throws IllegalArgumentException saying what the id must look like. */
    public final void check(ResourceSelector selector) {
        boolean valid = switch (selector.kind()) {
            case NAME -> accepts(selector.value());
            case PREFIX -> prefixes != null && prefixes.accepts(selector.value());
            case TAG -> true;
        };
        if (!valid) {
            throw new IllegalArgumentException("'" + Printable.of(selector) + "' is not a valid " + label + " selector: "
                    + expected);
        }
    }

    /** Whether a resource id ({@code orders}, {@code instance/db-1}) is one AWS would accept. */
    public final boolean accepts(String resourceId) {
        return ruleOf(resourceId).map(kind -> kind.getValue().accepts(resourceId.substring(kind.getKey().length())))
                .orElse(false);
    }

    /** Throws, naming {@code field} and the rule, when a restore target is not a name this service's resources take. */
    public final void checkTarget(String field, String name) {
        if (name != null && target != null) {
            target.check(field, name);
        }
    }

    /**
     * One resource per id the selectors name, in order, without duplicates. A selector that matches
     * nothing, or cannot be resolved (the service unreachable), becomes a resource with its problem, so
     * the run reports it; so does an id the listing returned that AWS would refuse as a name: it is
     * skipped, never backed up, and the warning names it.
     */
    public final List<Resource> resolve(List<ResourceSelector> selectors, Lookup lookup) {
        Set<Resource> resources = new LinkedHashSet<>();
        for (ResourceSelector selector : selectors) {
            List<String> ids;
            try {
                ids = lookup.ids(selector);
            } catch (NotFound e) {
                resources.add(Resource.problem(service, selector.pattern(), e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                resources.add(Resource.problem(service, selector.pattern(), "cannot resolve selector " + selector + ": "
                        + describe(e)));
                continue;
            }
            if (ids.isEmpty()) {
                resources.add(Resource.problem(service, selector.pattern(), "selector " + selector + " matched no " + noun));
            }
            for (String id : ids) {
                resources.add(accepts(id) ? Resource.of(service, id) : skipped(selector, id));
            }
        }
        return List.copyOf(resources);
    }

    private Resource skipped(ResourceSelector selector, String id) {
        String reason = ruleOf(id).map(kind -> kind.getValue().refusal(id.substring(kind.getKey().length())))
                .orElse("'" + Printable.of(id) + "' is not a " + label + " resource id");
        String problem = "skipped " + noun + " " + Printable.of(id) + " found by " + Printable.of(selector) + ": " + reason
                + "; AWS would refuse the name, so it is not backed up";
        LOG.warn("{}", problem);
        return Resource.problem(service, Printable.of(id), problem);
    }

    /** An error of the service's client, for a problem line; a service with its own error texts says them. */
    protected String describe(RuntimeException e) {
        return e.getMessage();
    }

    private Optional<Map.Entry<String, NameRule>> ruleOf(String resourceId) {
        if (resourceId == null) {
            return Optional.empty();
        }
        // The longest kind prefix that fits: "" (a bare table name) is the last resort.
        return kinds.entrySet().stream().filter(kind -> resourceId.startsWith(kind.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()));
    }
}
