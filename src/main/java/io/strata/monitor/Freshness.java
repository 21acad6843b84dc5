package io.strata.monitor;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.config.SettingValues;
import java.time.Duration;
import java.util.Properties;

/**
 * {@code strata.plan.<plan>.freshness}: how old the newest recovery point of a plan's resource may be
 * before the verify route, {@code status} and {@code audit} call it STALE. The default leaves a
 * daily plan two hours for its backup to run.
 */
public final class Freshness {

    static final Setting SETTING = Setting.planAttribute("freshness", "26h", SettingType.DURATION,
            "How old the newest recovery point of each resource may be before it is STALE (verify route, status)");

    private Freshness() {
    }

    /** The plan's freshness; fails naming the key when it is no positive duration. */
    public static Duration of(Properties p, String plan) {
        return SettingValues.duration(p, SETTING.key(plan), SETTING.defaultValue());
    }
}
