package io.strata.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Every service's declared restore options, by service, for whoever turns a user's words into a
 * {@link RestoreRequest}: the command line, the request-file parser and JMX. Two services may declare
 * the same option (both with a value, or both flags); which service takes which option stays each
 * service's own check ({@link RestoreRequest#allowOnly}).
 */
public final class RestoreOptionCatalog {

    private final Map<String, List<RestoreOption>> byService;
    private final Map<String, RestoreOption> byName = new LinkedHashMap<>();

    public RestoreOptionCatalog(Map<String, List<RestoreOption>> byService) {
        this.byService = Collections.unmodifiableMap(new LinkedHashMap<>(byService));
        byService.forEach((service, options) -> options.forEach(option -> {
            RestoreOption known = byName.putIfAbsent(option.name(), option);
            if (known != null && known.isFlag() != option.isFlag()) {
                throw new IllegalStateException("Restore option " + option.name() + " is a flag for one service and "
                        + "takes a value for another (" + service + ")");
            }
            if (reserved(option.name())) {
                throw new IllegalStateException("Restore option " + option.name() + " of " + service
                        + " is one every restore takes (" + CommonRestoreOptions.class.getSimpleName() + ")");
            }
        }));
    }

    /** The service options in the order declared, each once. */
    public List<RestoreOption> all() {
        return List.copyOf(byName.values());
    }

    public Optional<RestoreOption> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The option a request file sets with {@code field} ({@code keepPartial}). */
    public Optional<RestoreOption> field(String field) {
        return byName.values().stream().filter(option -> option.field().equals(field)).findFirst();
    }

    /** The services that declare the option, in registry order: for its help text. */
    public List<String> services(RestoreOption option) {
        List<String> services = new ArrayList<>();
        byService.forEach((service, options) -> {
            if (options.stream().anyMatch(o -> o.name().equals(option.name()))) {
                services.add(service);
            }
        });
        return services.stream().sorted().toList();
    }

    /**
     * The option's help as each service that declares it words it, for {@code strata restore --help}: one line per
     * distinct text, naming its services ({@code dynamodb, rds: …}); an option two services declare means what each says.
     */
    public List<String> help(RestoreOption option) {
        Map<String, List<String>> byText = new LinkedHashMap<>();
        new TreeMap<>(byService).forEach((service, options) -> options.stream()
                .filter(o -> o.name().equals(option.name())).findFirst()
                .ifPresent(o -> byText.computeIfAbsent(o.help(), text -> new ArrayList<>()).add(service)));
        List<String> lines = new ArrayList<>();
        byText.forEach((text, services) -> lines.add(String.join(", ", services) + ": " + text));
        return lines;
    }

    /**
     * Checks the options given against the declarations: an undeclared one, or a value its declaration
     * refuses, fails naming it as the caller spells options ({@code spelling} turns a name into
     * {@code --keep-partial} or {@code "keepPartial"}).
     */
    public Map<String, String> check(Map<String, String> given, UnaryOperator<String> spelling) {
        Map<String, String> checked = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            RestoreOption option = named(name).orElseThrow(() -> new IllegalArgumentException("unknown restore option "
                    + spelling.apply(name) + " (known: " + new TreeSet<>(byName.keySet().stream().map(spelling).toList())
                    + ")"));
            try {
                checked.put(name, option.checked(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("restore option " + spelling.apply(name) + " " + e.getMessage(), e);
            }
        });
        return checked;
    }

    private static boolean reserved(String name) {
        return name.equals(CommonRestoreOptions.TARGET.name())
                || CommonRestoreOptions.RETRIEVAL.stream().anyMatch(option -> option.name().equals(name));
    }
}
