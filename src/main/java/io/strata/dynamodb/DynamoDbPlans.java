package io.strata.dynamodb;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingValues;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The DynamoDB attributes of plans ({@code strata.plan.<name>.dynamodb.*}), declared and read here.
 * A table backed up without a plan (the CLI's {@code backup}) takes the defaults.
 */
public final class DynamoDbPlans {

    /** The modes built so far: a mode is added to this list by the change that builds it. */
    static final Setting MODE = Setting.planAttribute("dynamodb.mode", DynamoDbMode.SCAN.word(),
            SettingType.oneOf(DynamoDbMode.SCAN.word(), DynamoDbMode.NATIVE_EXPORT.word(), DynamoDbMode.AUTO.word(),
                    DynamoDbMode.NATIVE_BACKUP.word()),
            "How the plan backs up its DynamoDB tables");

    /** Incremental exports between full ones, every so long: AWS exports windows of 15 minutes to 24 hours. */
    static final Setting INCREMENTAL = Setting.planAttribute("dynamodb.incremental", "",
            SettingType.durationWithin(ChainPlanner.SHORTEST, ChainPlanner.LONGEST, "a duration from 15m to 24h (PT6H)"),
            "With mode native-export: incremental exports of this window between full exports (off when unset)");
    /** How old a chain's full export may be before the next run makes a new one. */
    static final Setting FULL_EVERY = Setting.planAttribute("dynamodb.full-every", "P7D", SettingType.DURATION,
            "With dynamodb.incremental: a new full export once the chain's full export is this old");

    static final Setting ENSURE_PITR = Setting.planAttribute("dynamodb.ensure-pitr", "false", SettingType.FLAG,
            "Turn point-in-time recovery on (strata.dynamodb.pitr-days) for each selected table that lacks it, "
                    + "before its backup");

    /** What DynamoDB reads of a plan. */
    public static final List<Setting> SETTINGS = List.of(MODE, INCREMENTAL, FULL_EVERY, ENSURE_PITR);

    private final Properties properties;

    public DynamoDbPlans(Properties properties) {
        this.properties = properties;
    }

    /** No plan configured: every table takes the defaults (tests, benchmarks). */
    public static DynamoDbPlans none() {
        return new DynamoDbPlans(new Properties());
    }

    /**
     * The chain planner of {@code plan}'s incremental exports; empty when it makes none (no
     * {@code dynamodb.incremental}, or no plan). Only mode native-export reads it.
     */
    public Optional<ChainPlanner> incremental(String plan) {
        if (plan == null || plan.isBlank() || properties.getProperty(INCREMENTAL.key(plan), "").isBlank()) {
            return Optional.empty();
        }
        INCREMENTAL.check(properties, INCREMENTAL.key(plan));
        FULL_EVERY.check(properties, FULL_EVERY.key(plan));
        return Optional.of(new ChainPlanner(SettingValues.duration(properties, INCREMENTAL.key(plan), ""),
                SettingValues.duration(properties, FULL_EVERY.key(plan), FULL_EVERY.defaultValue())));
    }

    /** The mode {@code plan} asks for; the default for a backup without a plan. */
    public DynamoDbMode mode(String plan) {
        if (plan == null || plan.isBlank()) {
            return DynamoDbMode.of(MODE.defaultValue());
        }
        String key = MODE.key(plan);
        MODE.check(properties, key);
        return DynamoDbMode.of(properties.getProperty(key, MODE.defaultValue()));
    }

    /** Whether {@code plan} turns PITR on for its tables; never for a backup without a plan. */
    public boolean ensurePitr(String plan) {
        return plan != null && !plan.isBlank() && ENSURE_PITR.bool(properties, ENSURE_PITR.key(plan));
    }
}
