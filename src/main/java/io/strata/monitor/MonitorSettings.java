package io.strata.monitor;

import io.strata.config.Setting;
import java.util.List;

/** What monitoring reads, each declared by the class that reads it. */
public final class MonitorSettings {

    public static final List<Setting> SETTINGS = List.of(VerifySchedule.SETTING, Freshness.SETTING,
            AuditSettings.MIN_FREQUENCY, AuditSettings.MIN_RETENTION);

    private MonitorSettings() {
    }
}
