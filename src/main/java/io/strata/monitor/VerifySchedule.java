package io.strata.monitor;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.plan.PlanCatalog;
import java.util.Properties;

/**
 * {@code strata.verify.cron}: when the daemon checks every plan's resources (routes/verify.camel.yaml).
 * Daily by default, after the default archive pass: a verify reads every data file of each newest
 * recovery point, which is not a thing to do every hour.
 */
public final class VerifySchedule {

    static final Setting SETTING = new Setting("strata.verify.cron", "0 0 5 * * ?",
            SettingType.described("Quartz cron, seconds first"),
            "When strata run verifies the newest recovery point of every resource of every plan, in strata.schedule.time-zone");

    private VerifySchedule() {
    }

    /** The cron (set to nothing: the default), its fields range-checked; fails naming the key. */
    public static String read(Properties p) {
        String cron = SETTING.text(p);
        return PlanCatalog.checkCron(SETTING.key(), cron.isEmpty() ? SETTING.defaultValue() : cron);
    }
}
