package io.strata.retention;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingValues;
import io.strata.config.SettingsException;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import io.strata.vault.RecoveryPoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and checks the archive attributes of every plan ({@code retention}, {@code tiering},
 * {@code tiering-mode}, {@code tiering-min-size}, {@code allow-early-delete}, {@code copy-to-vault})
 * at start-up, so that a policy that would lose data, never run, or pay early-deletion fees stops
 * Strata with the key and the reason instead of surfacing months later.
 */
public final class ArchivePolicies {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB)?");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    static final Setting RETENTION = Setting.planAttribute("retention", "", SettingType.described("GFS counts, max-age"),
            "Which recovery points the archive pass keeps: daily=7,weekly=4,monthly=12,yearly=7 and/or max-age=400d");
    static final Setting TIERING = Setting.planAttribute("tiering", "", SettingType.described("AGE:CLASS, …"),
            "When recovery points move to colder storage classes: 30d:GLACIER_IR,90d:DEEP_ARCHIVE");
    static final Setting TIERING_MODE = Setting.planAttribute("tiering-mode", "copy", SettingType.described("copy, lifecycle"),
            "Tier by copying in the archive pass, or by S3 lifecycle rules");
    static final Setting TIERING_MIN_SIZE = Setting.planAttribute("tiering-min-size", "128KB",
            SettingType.described("size (128KB, 1MiB)"), "Smaller objects stay where they are");
    static final Setting ALLOW_EARLY_DELETE = Setting.planAttribute("allow-early-delete", "false", SettingType.FLAG,
            "Accept retention that deletes before a cold class's minimum storage duration (a fee)");
    static final Setting COPY_TO_VAULT = Setting.planAttribute("copy-to-vault", "", SettingType.described("BUCKET[,REGION]"),
            "Second vault each committed recovery point is copied to (3-2-1)");

    /** The archive attributes of a plan. */
    public static final List<Setting> SETTINGS = List.of(RETENTION, TIERING, TIERING_MODE, TIERING_MIN_SIZE,
            ALLOW_EARLY_DELETE, COPY_TO_VAULT);

    private final Map<String, ArchivePolicy> policies;

    private ArchivePolicies(Map<String, ArchivePolicy> policies) {
        this.policies = policies;
    }

    public static ArchivePolicies from(Properties properties, PlanCatalog plans) {
        Map<String, ArchivePolicy> policies = new TreeMap<>();
        for (BackupPlan plan : plans.plans()) {
            policies.put(plan.name(), read(properties, plan.name()));
        }
        return new ArchivePolicies(policies);
    }

    /** The plan's policy; a plan without archive settings keeps everything where it is. */
    public ArchivePolicy of(String plan) {
        return policies.getOrDefault(plan, ArchivePolicy.keepAll(plan));
    }

    /** The GFS label of a recovery point no plan made ({@code strata backup}, a request naming resources): no pass touches it. */
    public static final String NO_PLAN = "no plan";
    /** The GFS label of a recovery point whose plan these settings do not declare: its retention is unknown here. */
    public static final String NOT_CONFIGURED = "not configured here";

    /**
     * Each recovery point's GFS class at {@code asOf} under its plan's retention, by key, as
     * {@code strata list} shows it: {@link #NO_PLAN} for one no plan made, {@link #NOT_CONFIGURED} for one whose
     * plan is not in these settings (rather than guessing its retention), "no retention" for a plan without one,
     * "expired" for one the next pass removes.
     */
    public Map<String, String> gfsLabels(List<RecoveryPoint> points, Instant asOf) {
        Map<String, String> labels = new HashMap<>();
        Map<Optional<String>, List<RecoveryPoint>> byPlan = points.stream()
                .collect(Collectors.groupingBy(p -> Optional.ofNullable(p.plan())));
        byPlan.forEach((plan, ofPlan) -> {
            if (plan.isEmpty()) {
                ofPlan.forEach(p -> labels.put(p.key(), NO_PLAN));
            } else if (!policies.containsKey(plan.get())) {
                ofPlan.forEach(p -> labels.put(p.key(), NOT_CONFIGURED));
            } else {
                GfsRetention.verdicts(of(plan.get()).retention(), ofPlan, asOf)
                        .forEach((key, verdict) -> labels.put(key, verdict.label()));
            }
        });
        return labels;
    }

    private static ArchivePolicy read(Properties p, String plan) {
        Optional<RetentionPolicy> retention = optional(p, RETENTION.key(plan)).map(text -> parse(RETENTION.key(plan),
                text, () -> RetentionPolicy.parse(text)));
        TierPolicy tiering = optional(p, TIERING.key(plan)).map(text -> parse(TIERING.key(plan), text,
                () -> TierPolicy.parse(text))).orElse(TierPolicy.none());
        ArchivePolicy.TieringMode mode = mode(optional(p, TIERING_MODE.key(plan)).orElse(TIERING_MODE.defaultValue()),
                TIERING_MODE.key(plan));
        long minSize = optional(p, TIERING_MIN_SIZE.key(plan)).map(text -> parse(TIERING_MIN_SIZE.key(plan), text,
                () -> bytes(text))).orElse(bytes(TIERING_MIN_SIZE.defaultValue()));
        boolean allowEarlyDelete = ALLOW_EARLY_DELETE.bool(p, ALLOW_EARLY_DELETE.key(plan));
        Optional<ArchivePolicy.VaultCopy> copy = optional(p, COPY_TO_VAULT.key(plan)).map(text -> parse(
                COPY_TO_VAULT.key(plan), text, () -> vaultCopy(text)));
        String primary = p.getProperty("strata.vault.bucket", "").trim();
        copy.filter(c -> c.bucket().equals(primary)).ifPresent(c -> {
            throw new SettingsException("Invalid " + COPY_TO_VAULT.key(plan) + " = '" + c.bucket() + "': it is the vault "
                    + "itself (strata.vault.bucket); a second copy belongs in another bucket, e.g. in another region");
        });
        ArchivePolicy policy = new ArchivePolicy(plan, retention, tiering, mode, minSize, allowEarlyDelete, copy);
        if (mode == ArchivePolicy.TieringMode.LIFECYCLE) {
            LifecycleSteps.check(policy).ifPresent(problem -> {
                throw new SettingsException(problem);
            });
        }
        if (!allowEarlyDelete) {
            EarlyDeletion.check(policy).ifPresent(problem -> {
                throw new SettingsException(problem);
            });
        }
        return policy;
    }

    private static Optional<String> optional(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static <T> T parse(String key, String text, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new SettingsException("Invalid " + key + " = '" + text + "': " + e.getMessage(), e);
        }
    }

    private static ArchivePolicy.TieringMode mode(String text, String key) {
        return parse(key, text, () -> switch (text.toLowerCase(Locale.ROOT)) {
            case "copy" -> ArchivePolicy.TieringMode.COPY;
            case "lifecycle" -> ArchivePolicy.TieringMode.LIFECYCLE;
            default -> throw new IllegalArgumentException("expected copy or lifecycle");
        });
    }

    /** 128KB, 131072, 1MiB: KB and KiB both mean 1,024 bytes, as S3's own size filters do. */
    static long bytes(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected a size such as 128KB, 1MB or 131072");
        }
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long factor = switch (unit) {
            case "B" -> 1L;
            case "KB", "KIB" -> 1024L;
            case "MB", "MIB" -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
        // Digits are checked as text first: a long overflow would turn a huge minimum into a negative one.
        String digits = matcher.group(1).replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > 13 || Long.parseLong(digits) > MAX_OBJECT_BYTES / factor) {
            throw new IllegalArgumentException("at most 5TB (S3's largest object): a larger minimum moves nothing");
        }
        return Long.parseLong(digits) * factor;
    }

    /** S3's largest object, 5 TiB. */
    private static final long MAX_OBJECT_BYTES = 5L * 1024 * 1024 * 1024 * 1024;

    private static ArchivePolicy.VaultCopy vaultCopy(String text) {
        String[] parts = text.split(",", -1);
        String bucket = parts[0].trim();
        if (parts.length > 2 || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("expected BUCKET or BUCKET,REGION, e.g. backups-dr,us-west-2");
        }
        Optional<String> region = parts.length == 2
                ? Optional.of(SettingValues.region("copy-to-vault", parts[1].trim())) : Optional.empty();
        return new ArchivePolicy.VaultCopy(bucket, region);
    }
}
