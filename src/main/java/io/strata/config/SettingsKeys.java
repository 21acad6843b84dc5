package io.strata.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting Strata reads, gathered from the components that declare them (the composition root
 * hands them in: this package knows no service). Nothing is listed here by hand: a key that no
 * component declares is refused at start-up ({@link SettingsCheck}).
 */
public final class SettingsKeys {

    public static final String PREFIX = "strata.";
    public static final String PLAN_PREFIX = "strata.plan.";

    private final List<Setting> settings;

    /** @param declarations each component's settings; a key declared twice must be declared alike */
    public SettingsKeys(Collection<List<Setting>> declarations) {
        Map<String, Setting> byKey = new LinkedHashMap<>();
        for (List<Setting> declared : declarations) {
            for (Setting setting : declared) {
                Setting earlier = byKey.putIfAbsent(setting.key(), setting);
                if (earlier != null && !earlier.equals(setting)) {
                    throw new IllegalStateException(setting.key() + " is declared twice, differently: " + earlier
                            + " and " + setting);
                }
            }
        }
        this.settings = List.copyOf(byKey.values());
    }

    /** In declaration order: the order of the README table. */
    public List<Setting> all() {
        return settings;
    }

    /** The declaration {@code key} is, or is an instance of. */
    public Optional<Setting> find(String key) {
        return settings.stream().filter(s -> !s.isPattern() && s.key().equals(key)).findFirst()
                .or(() -> settings.stream().filter(s -> s.matches(key)).findFirst());
    }

    /** The plan attributes, in declaration order ({@code cron}, {@code resources}, …). */
    public List<String> planAttributes() {
        return settings.stream().map(Setting::planAttribute).filter(a -> !a.isEmpty()).toList();
    }

    /**
     * The key an environment variable sets ({@code STRATA_VAULT_BUCKET} → {@code strata.vault.bucket},
     * Camel's convention), if a declaration has it. Underscores stand for dots and dashes alike, so a
     * pattern's placeholder takes what is left between its fixed parts, the longest fixed parts winning:
     * {@code STRATA_PLAN_NIGHTLY_BATCH_TIERING_MODE} → {@code strata.plan.nightly-batch.tiering-mode}.
     */
    public Optional<String> fromEnvironment(String variable) {
        Optional<String> fixed = settings.stream().filter(s -> !s.isPattern())
                .filter(s -> environmentName(s.key()).equals(variable)).map(Setting::key).findFirst();
        if (fixed.isPresent()) {
            return fixed;
        }
        return settings.stream().filter(Setting::isPattern).filter(s -> placeholderIn(s, variable) != null)
                .max(Comparator.comparingInt(s -> s.key().length()))
                .map(s -> s.key(placeholderIn(s, variable).toLowerCase(Locale.ROOT).replace('_', '-')));
    }

    private static String placeholderIn(Setting pattern, String variable) {
        String[] around = pattern.around();
        String before = environmentName(around[0]);
        String after = environmentName(around[1]);
        if (variable.length() > before.length() + after.length() && variable.startsWith(before) && variable.endsWith(after)) {
            return variable.substring(before.length(), variable.length() - after.length());
        }
        return null;
    }

    /**
     * The known keys nearest to an unknown one, for "did you mean": fixed keys, and patterns filled in
     * with the unknown key's own segment (so {@code strata.plan.nightly.retension} meets
     * {@code strata.plan.nightly.retention}, not {@code strata.plan.<plan>.retention}).
     */
    public String nearest(String unknown) {
        String[] segments = unknown.split("\\.");
        List<String> candidates = new ArrayList<>();
        for (Setting setting : settings) {
            int at = setting.placeholderSegment();
            if (at < 0) {
                candidates.add(setting.key());
            } else {
                candidates.add(setting.key(at < segments.length ? segments[at] : "<" + "name>"));
            }
        }
        return candidates.stream().min(Comparator.comparingInt((String c) -> Levenshtein.distance(unknown, c))
                .thenComparing(Comparator.naturalOrder())).orElse("");
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
