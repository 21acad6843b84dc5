package io.strata.vault.lock;

import io.strata.config.SettingsException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A protection of the vault bucket that {@code strata vault check} looks at, by its name in {@code strata.vault.require}. */
public enum Protection {
    VERSIONING("versioning"),
    MFA_DELETE("mfa-delete"),
    OBJECT_LOCK("object-lock"),
    ENCRYPTION("encryption"),
    PUBLIC_ACCESS_BLOCK("public-access-block"),
    ABORT_INCOMPLETE_UPLOADS("abort-incomplete-uploads"),
    NONCURRENT_VERSION_EXPIRATION("noncurrent-version-expiration");

    public static final String REQUIRE_KEY = "strata.vault.require";

    private final String setting;

    Protection(String setting) {
        this.setting = setting;
    }

    /** The name in {@code strata.vault.require} and in the check's output. */
    public String setting() {
        return setting;
    }

    /** The protections {@code strata.vault.require} names; an unknown name is an error naming it. */
    public static Set<Protection> required(List<String> names) {
        Set<Protection> required = EnumSet.noneOf(Protection.class);
        for (String name : names) {
            required.add(Arrays.stream(values()).filter(p -> p.setting.equals(name)).findFirst()
                    .orElseThrow(() -> new SettingsException(REQUIRE_KEY + " names an unknown protection '" + name
                            + "' (known: " + Arrays.stream(values()).map(Protection::setting)
                            .collect(Collectors.joining(", ")) + ")")));
        }
        return required;
    }
}
