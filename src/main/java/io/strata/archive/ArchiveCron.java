package io.strata.archive;

import io.strata.config.Setting;
import io.strata.config.SettingType;
import io.strata.plan.PlanCatalog;
import java.util.List;
import java.util.Properties;

/** {@code strata.archive.cron}: when the daemon runs the daily archive pass, checked like the plans' crons. */
public final class ArchiveCron {

    static final Setting SETTING = new Setting("strata.archive.cron", "0 0 3 * * ?",
            SettingType.described("Quartz cron, seconds first"), "The daily archive pass of strata run, in strata.schedule.time-zone");

    public static final List<Setting> SETTINGS = List.of(SETTING);

    private ArchiveCron() {
    }

    /** The cron (set to nothing: the default), its fields range-checked; fails naming the key. */
    public static String read(Properties p) {
        String cron = SETTING.text(p);
        return PlanCatalog.checkCron(SETTING.key(), cron.isEmpty() ? SETTING.defaultValue() : cron);
    }
}
