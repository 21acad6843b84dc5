package io.strata.vault;

import io.strata.config.Setting;
import io.strata.exit.UsageException;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The buckets a recovery point may be read from (restore, verify, list): the vault's own, the plans'
 * second vaults ({@code strata.plan.<name>.copy-to-vault}) and those named in
 * {@code strata.restore.allowed-buckets}. A restore named as {@code s3://another-bucket/…} (CLI, request
 * file, JMX) would else write whatever that bucket holds into the table it names.
 */
public record ReadableBuckets(Set<String> secondVaults, Set<String> allowed) {

    public static final String SETTING = "strata.restore.allowed-buckets";
    static final Setting ALLOWED = Setting.text(SETTING, "", "Buckets besides the vault and the plans' copy-to-vault "
            + "that restore, verify and list may read recovery points from (comma list); empty: none");
    private static final String PLAN = "strata.plan.";
    private static final String COPY = ".copy-to-vault";

    public ReadableBuckets {
        secondVaults = Set.copyOf(secondVaults);
        allowed = Set.copyOf(allowed);
    }

    /** The vault's own bucket only. */
    public static ReadableBuckets none() {
        return new ReadableBuckets(Set.of(), Set.of());
    }

    /** From the merged settings: each plan's copy-to-vault bucket ({@code BUCKET[,region]}), and the setting. */
    public static ReadableBuckets from(Properties properties) {
        Set<String> seconds = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PLAN) && name.endsWith(COPY)) {
                String bucket = properties.getProperty(name).split(",", -1)[0].trim();
                if (!bucket.isEmpty()) {
                    seconds.add(bucket);
                }
            }
        }
        Set<String> allowed = new TreeSet<>();
        Arrays.stream(ALLOWED.text(properties).split(",")).map(String::trim).filter(b -> !b.isEmpty())
                .forEach(allowed::add);
        return new ReadableBuckets(seconds, allowed);
    }

    /** Fails, naming {@code bucket} and the setting that would allow it, unless it may be read besides {@code home}. */
    void require(String bucket, String home) {
        if (bucket.equals(home) || secondVaults.contains(bucket) || allowed.contains(bucket)) {
            return;
        }
        throw new UsageException("Bucket '" + bucket + "' is not a vault: recovery points are read only from the vault "
                + "bucket '" + home + "' (strata.vault.bucket) and the plans' second vaults (strata.plan.<name>"
                + COPY + (secondVaults.isEmpty() ? ": none" : ": " + String.join(", ", new TreeSet<>(secondVaults)))
                + "). To read from '" + bucket + "', add it to " + SETTING + " (comma list)");
    }
}
