package io.strata.monitor;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingsException;
import io.strata.plan.BackupPlan;
import io.strata.plan.PlanCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which plans restore-test their resources, how often ({@code strata.plan.<plan>.restore-test}); the tests that
 * are due run after each verify pass ({@code strata.verify.cron}). A service that charges for its test declares its own opt-in
 * attribute ({@code RestoreTest#optIn}), read here for the plan. Checked at start-up, naming the key.
 */
public final class RestoreTestPlans {

    static final Setting RESTORE_TEST = Setting.planAttribute("restore-test", "",
            SettingType.oneOf("daily", "weekly", "monthly"),
            "Restore the newest recovery point of each resource into a scratch resource this often, check it, delete it");
    public static final List<Setting> SETTINGS = List.of(RESTORE_TEST);

    private static final Map<String, Duration> PERIODS = Map.of("daily", Duration.ofDays(1), "weekly",
            Duration.ofDays(7), "monthly", Duration.ofDays(30));

    private final Map<String, Duration> periods;
    private final Properties properties;

    private RestoreTestPlans(Map<String, Duration> periods, Properties properties) {
        this.periods = periods;
        this.properties = properties;
    }

    /** Fails naming the key of a period that is none of daily, weekly, monthly. */
    public static RestoreTestPlans from(Properties properties, PlanCatalog plans) {
        Map<String, Duration> periods = new TreeMap<>();
        for (BackupPlan plan : plans.plans()) {
            String key = RESTORE_TEST.key(plan.name());
            String value = properties.getProperty(key, "").trim();
            if (value.isEmpty()) {
                continue;
            }
            Duration period = PERIODS.get(value);
            if (period == null) {
                throw new SettingsException(key + " must be daily, weekly or monthly, not '" + value + "'");
            }
            periods.put(plan.name(), period);
        }
        return new RestoreTestPlans(periods, properties);
    }

    /** How often the plan's resources are restore-tested; empty when the plan does not ask. */
    public Optional<Duration> period(String plan) {
        return Optional.ofNullable(periods.get(plan));
    }

    /** Whether any plan asks for restore tests. */
    public boolean any() {
        return !periods.isEmpty();
    }

    /** Whether the plan sets a service's opt-in attribute (e.g. {@code restore-test-rds}) true. */
    public boolean optedIn(String plan, Setting optIn) {
        return optIn.bool(properties, optIn.key(plan));
    }
}
