package io.strata.dynamodb;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import java.util.List;
import java.util.Properties;

/**
 * The DynamoDB attributes of plans ({@code strata.plan.<name>.dynamodb.*}), declared and read here.
 * A table backed up without a plan (the CLI's {@code backup}) takes the defaults.
 */
public final class DynamoDbPlans {

    /** The modes built so far: a mode is added to this list by the change that builds it. */
    static final Setting MODE = Setting.planAttribute("dynamodb.mode", DynamoDbMode.SCAN.word(),
            SettingType.oneOf(DynamoDbMode.SCAN.word(), DynamoDbMode.NATIVE_EXPORT.word(), DynamoDbMode.AUTO.word()),
            "How the plan backs up its DynamoDB tables");

    /** What DynamoDB reads of a plan. */
    public static final List<Setting> SETTINGS = List.of(MODE);

    private final Properties properties;

    public DynamoDbPlans(Properties properties) {
        this.properties = properties;
    }

    /** No plan configured: every table takes the defaults (tests, benchmarks). */
    public static DynamoDbPlans none() {
        return new DynamoDbPlans(new Properties());
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
}
